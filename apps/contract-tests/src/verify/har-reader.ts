import { createReadStream } from "node:fs";

/** How much of a HAR entry the reader holds: a larger or deeper entry is scanned past and reported, never parsed. */
export interface HarReadLimits {
  /** The largest entry read, in bytes of its JSON text (a 50 MB body is skipped). */
  maxEntryBytes: number;
  /** The deepest nesting of arrays and objects read, in an entry and in a body. */
  maxDepth: number;
}

export const DEFAULT_READ_LIMITS: HarReadLimits = { maxEntryBytes: 16 * 1024 * 1024, maxDepth: 64 };

/** What the reader yields: the JSON text of one `log.entries[index]`, or why it (or, with no index, the file) failed. */
export type HarItem =
  | { kind: "entry"; index: number; text: string }
  | { kind: "error"; index: number | null; reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const BOM = [0xef, 0xbb, 0xbf];

// The states outside an entry follow the path to `log.entries`; any other value is skipped by bracket depth.
type State = "start" | "key" | "key-string" | "after-key" | "value-start" | "entries" | "value" | "end" | "failed";

const MAX_KEY = 64;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

/** A push parser that cuts out each `log.entries` item's JSON text, holding at most one entry in memory. */
export class HarScanner {
  private state: State = "start";
  private level = 0;
  private key = "";
  private keyEscape = false;
  private offset = 0;
  private afterValue: State = "key";
  // The value being scanned: its bracket depth, string state and, for an entry, the bytes seen so far.
  private depth = 0;
  private inString = false;
  private escape = false;
  private literal = false;
  private capturing = false;
  private parts: Buffer[] = [];
  private size = 0;
  private tooLarge = false;
  private tooDeep = false;
  private index = -1;
  private sawBytes = false;
  private sawLog = false;
  private sawEntries = false;
  private entriesClosed = false;
  private failure: string | null = null;

  constructor(private readonly limits: HarReadLimits = DEFAULT_READ_LIMITS) {}

  /** Scans one chunk; returns the entries (and entry errors) it completed. */
  push(chunk: Buffer): HarItem[] {
    const out: HarItem[] = [];
    if (chunk.length > 0) this.sawBytes = true;
    for (let i = 0; i < chunk.length && this.state !== "end" && this.state !== "failed"; ) {
      if (this.state === "value") {
        i = this.scanValue(chunk, i, i, out);
        continue;
      }
      const c = chunk[i++] as number;
      if (this.state === "key-string") {
        if (this.keyEscape) this.keyEscape = false;
        else if (c === BACKSLASH) this.keyEscape = true;
        else if (c === QUOTE) this.state = "after-key";
        if (this.state === "key-string" && this.key.length < MAX_KEY) this.key += String.fromCharCode(c);
      } else if (!isSpace(c) && !(this.state === "start" && BOM.includes(c))) {
        // A comma between members or entries carries nothing; anywhere else it is an error.
        if (c !== COMMA || (this.state !== "key" && this.state !== "entries")) i = this.structure(c, chunk, i - 1, out);
      }
    }
    this.offset += chunk.length;
    return out;
  }

  /** Reads the structural byte `c` at `i`, outside any value; returns where scanning goes on. */
  private structure(c: number, chunk: Buffer, i: number, out: HarItem[]): number {
    const unexpected = (where: string) =>
      this.fail(i, `it is not valid JSON: ${JSON.stringify(String.fromCharCode(c))} where ${where} was expected`);
    switch (this.state) {
      case "start":
        if (c !== OPEN_BRACE) return this.fail(i, "it is not a HAR file: it does not start with a JSON object");
        this.level = 1;
        this.state = "key";
        break;
      case "key":
        if (c === QUOTE) {
          this.key = "";
          this.keyEscape = false;
          this.state = "key-string";
        } else if (c === CLOSE_BRACE) this.state = --this.level === 0 ? "end" : "key";
        else return unexpected("a key");
        break;
      case "after-key":
        if (c !== COLON) return unexpected("':'");
        this.state = "value-start";
        break;
      case "value-start":
        if (this.level === 1 && this.key === "log" && c === OPEN_BRACE) {
          this.sawLog = true;
          this.level = 2;
          this.state = "key";
        } else if (this.level === 2 && this.key === "entries" && c === OPEN_BRACKET) {
          this.sawEntries = true;
          this.state = "entries";
        } else if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COLON) return unexpected("a value");
        else return this.startValue(chunk, i, false, "key", out);
        break;
      default:
        if (c !== CLOSE_BRACKET) {
          this.index++;
          return this.startValue(chunk, i, true, "entries", out);
        }
        this.entriesClosed = true;
        this.state = "key";
    }
    return i + 1;
  }

  /** Ends the file: a value cut off is reported against its entry, a file without `log.entries` as a whole. */
  end(): HarItem[] {
    const out: HarItem[] = [];
    if (this.failure !== null) return [{ kind: "error", index: null, reason: this.failure }];
    if (!this.sawBytes) return [{ kind: "error", index: null, reason: "the file is empty" }];
    if (this.state === "value" && this.capturing) {
      out.push({ kind: "error", index: this.index, reason: "the file ends inside this entry (it is truncated)" });
      this.parts = [];
      return out;
    }
    if (!this.sawEntries) {
      const reason = this.sawLog
        ? "it is not a HAR file: its log has no entries array"
        : this.state === "end"
          ? "it is not a HAR file: it has no log object"
          : "the file ends before its log.entries array (it is truncated)";
      out.push({ kind: "error", index: null, reason });
    } else if (!this.entriesClosed) {
      const after = this.index < 0 ? "before its first entry" : `after log.entries[${this.index}]`;
      out.push({ kind: "error", index: null, reason: `the file ends ${after} (it is truncated)` });
    } else if (this.state !== "end") {
      out.push({ kind: "error", index: null, reason: "the file ends before its closing braces (it is truncated)" });
    }
    return out;
  }

  private fail(at: number, reason: string): number {
    this.failure = `${reason} (at byte ${this.offset + at})`;
    this.state = "failed";
    return at;
  }

  /** Begins a value at `i` (an entry when `capture`); returns where scanning goes on. */
  private startValue(chunk: Buffer, i: number, capture: boolean, after: State, out: HarItem[]): number {
    const c = chunk[i] as number;
    this.capturing = capture;
    this.afterValue = after;
    this.parts = [];
    this.size = 0;
    this.tooLarge = false;
    this.tooDeep = false;
    this.inString = false;
    this.escape = false;
    this.literal = false;
    this.depth = 0;
    this.state = "value";
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.depth = 1;
    } else if (c === QUOTE) this.inString = true;
    else this.literal = true;
    return this.scanValue(chunk, i + 1, i, out);
  }

  /** Scans the current value from `i` (its bytes start at `from`); returns where scanning goes on. */
  private scanValue(chunk: Buffer, i: number, from: number, out: HarItem[]): number {
    const n = chunk.length;
    const maxDepth = this.limits.maxDepth;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        if (quote === -1) {
          let run = 0;
          for (let j = n - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
          this.escape = run % 2 === 1;
          i = n;
          break;
        }
        let run = 0;
        for (let j = quote - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
        i = quote + 1;
        if (run % 2 === 1) continue;
        this.inString = false;
        if (this.depth === 0) return this.finish(chunk, from, i, out);
        continue;
      }
      const c = chunk[i] as number;
      if (this.literal) {
        if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c))
          return this.finish(chunk, from, i, out);
        i++;
        continue;
      }
      i++;
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++this.depth > maxDepth) this.tooDeep = true;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--this.depth === 0) return this.finish(chunk, from, i, out);
      }
    }
    this.keep(chunk.subarray(from, n), true);
    return n;
  }

  /** Adds bytes of the current entry, or drops them all once it is over the size bound. */
  private keep(bytes: Buffer, copy: boolean): void {
    if (!this.capturing || bytes.length === 0) return;
    this.size += bytes.length;
    if (this.tooLarge) return;
    if (this.size > this.limits.maxEntryBytes || this.tooDeep) {
      this.tooLarge = this.size > this.limits.maxEntryBytes;
      this.parts = [];
      return;
    }
    this.parts.push(copy ? Buffer.from(bytes) : bytes);
  }

  private finish(chunk: Buffer, from: number, end: number, out: HarItem[]): number {
    this.state = this.afterValue;
    if (!this.capturing) return end;
    this.keep(chunk.subarray(from, end), false);
    if (this.tooLarge) {
      out.push({
        kind: "error",
        index: this.index,
        reason: `this entry is ${megabytes(this.size)}, over the ${megabytes(this.limits.maxEntryBytes)} an entry may take: skipped unread`,
      });
    } else if (this.tooDeep) {
      out.push({
        kind: "error",
        index: this.index,
        reason: `this entry nests arrays or objects deeper than ${this.limits.maxDepth} levels: skipped unread`,
      });
    } else {
      const text =
        this.parts.length === 1
          ? (this.parts[0] as Buffer).toString("utf8")
          : Buffer.concat(this.parts).toString("utf8");
      out.push({ kind: "entry", index: this.index, text });
    }
    this.parts = [];
    this.capturing = false;
    return end;
  }
}

/** Streams a HAR file, yielding each entry's JSON text or an error naming the entry (or the file). */
export async function* readHarEntries(
  path: string,
  limits: HarReadLimits = DEFAULT_READ_LIMITS,
): AsyncGenerator<HarItem> {
  const scanner = new HarScanner(limits);
  let stream: AsyncIterable<Buffer>;
  try {
    stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    for await (const chunk of stream) {
      yield* scanner.push(chunk);
    }
  } catch (error) {
    yield { kind: "error", index: null, reason: `it cannot be read: ${(error as Error).message}` };
    return;
  }
  yield* scanner.end();
}
