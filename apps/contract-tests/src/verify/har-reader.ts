import { createReadStream } from "node:fs";

/** How much of a HAR entry the reader holds: a larger or deeper entry is scanned past and reported, never parsed. */
export interface HarReadLimits {
  /** The largest entry read, in bytes of its JSON text (a 50 MB body is skipped). */
  maxEntryBytes: number;
  /** The deepest nesting of arrays and objects read, in an entry and in a body. */
  maxDepth: number;
}

export const DEFAULT_READ_LIMITS: HarReadLimits = { maxEntryBytes: 16 * 1024 * 1024, maxDepth: 64 };

/** Why an entry (or, with no index, the file) could not be read. */
type HarError = { kind: "error"; index: number | null; reason: string };
/** What the scanner yields: one `log.entries[index]`'s JSON text, or an error. */
export type HarItem = { kind: "entry"; index: number; text: string } | HarError;
/** What the reader yields: the entry parsed, or an error. */
type ReadItem = { kind: "entry"; index: number; value: unknown } | HarError;

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

// The states outside a value follow the path to `log.entries`; any other value is skipped by bracket depth.
type State = "start" | "key" | "key-string" | "colon" | "value-start" | "entries" | "value" | "end";

const MAX_KEY = 64;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

/** A push parser that cuts out each `log.entries` item's JSON text, holding at most one entry in memory. */
export class HarScanner {
  private state: State = "start";
  /** 1 inside the root object, 2 inside `log`. */
  private level = 0;
  private key = "";
  private keyEscape = false;
  /** How far towards `log.entries` the file got, for the error at its end. */
  private reached: "nothing" | "log" | "entries" | "closed" = "nothing";
  private failure: string | null = null;
  /** Bytes pushed before the current chunk. */
  private offset = 0;
  // The value being scanned (an entry when capturing): its bracket depth (0 for a string or a literal) and bytes.
  private capturing = false;
  private depth = 0;
  private inString = false;
  private escape = false;
  private tooDeep = false;
  private parts: Buffer[] = [];
  private size = 0;
  private index = -1;

  constructor(private readonly limits: HarReadLimits = DEFAULT_READ_LIMITS) {}

  /**
   * Scans one chunk; returns the entries (and entry errors) it completed. An entry's text may be views of the chunk,
   * so a chunk must not be changed after (a stream's chunks never are).
   */
  push(chunk: Buffer): HarItem[] {
    const out: HarItem[] = [];
    for (let i = 0; i < chunk.length && this.state !== "end" && this.failure === null; ) {
      i = this.state === "value" ? this.scanValue(chunk, i, i, out) : this.structure(chunk, i, out);
    }
    this.offset += chunk.length;
    return out;
  }

  /** Ends the file: a value cut off is reported against its entry, a file without `log.entries` as a whole. */
  end(): HarError[] {
    const fileError = (reason: string): HarError[] => [{ kind: "error", index: null, reason }];
    if (this.failure !== null) return fileError(this.failure);
    if (this.offset === 0) return fileError("the file is empty");
    if (this.state === "value" && this.capturing) {
      return [{ kind: "error", index: this.index, reason: "the file ends inside this entry (it is truncated)" }];
    }
    if (this.reached === "log") return fileError("it is not a HAR file: its log has no entries array");
    if (this.reached === "entries") {
      const after = this.index < 0 ? "before its first entry" : `after log.entries[${this.index}]`;
      return fileError(`the file ends ${after} (it is truncated)`);
    }
    if (this.state === "end")
      return this.reached === "nothing" ? fileError("it is not a HAR file: it has no log object") : [];
    const missing = this.reached === "nothing" ? "its log.entries array" : "its closing braces";
    return fileError(`the file ends before ${missing} (it is truncated)`);
  }

  /** Reads the byte at `i`, outside any value; returns where scanning goes on. */
  private structure(chunk: Buffer, i: number, out: HarItem[]): number {
    const c = chunk[i] as number;
    if (this.state === "key-string") {
      if (this.keyEscape) this.keyEscape = false;
      else if (c === BACKSLASH) this.keyEscape = true;
      else if (c === QUOTE) this.state = "colon";
      if (this.state === "key-string" && this.key.length < MAX_KEY) this.key += String.fromCharCode(c);
      return i + 1;
    }
    if (isSpace(c) || (this.state === "start" && BOM.includes(c))) return i + 1;
    // A comma between members or entries carries nothing; anywhere else it is an error.
    if (c === COMMA && (this.state === "key" || this.state === "entries")) return i + 1;
    const unexpected = (what: string) =>
      this.fail(i, `it is not valid JSON: ${JSON.stringify(String.fromCharCode(c))} where ${what} was expected`);
    switch (this.state) {
      case "start":
        if (c !== OPEN_BRACE) return this.fail(i, "it is not a HAR file: it does not start with a JSON object");
        this.level = 1;
        this.state = "key";
        break;
      case "key":
        if (c === QUOTE) {
          this.key = "";
          this.state = "key-string";
        } else if (c === CLOSE_BRACE) this.state = --this.level === 0 ? "end" : "key";
        else return unexpected("a key");
        break;
      case "colon":
        if (c !== COLON) return unexpected("':'");
        this.state = "value-start";
        break;
      case "value-start":
        if (this.level === 1 && this.key === "log" && c === OPEN_BRACE) {
          this.reached = "log";
          this.level = 2;
          this.state = "key";
        } else if (this.level === 2 && this.key === "entries" && c === OPEN_BRACKET) {
          this.reached = "entries";
          this.state = "entries";
        } else if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COLON) return unexpected("a value");
        else return this.startValue(chunk, i, false, out);
        break;
      default:
        if (c !== CLOSE_BRACKET) {
          this.index++;
          return this.startValue(chunk, i, true, out);
        }
        this.reached = "closed";
        this.state = "key";
    }
    return i + 1;
  }

  private fail(at: number, reason: string): number {
    this.failure = `${reason} (at byte ${this.offset + at})`;
    return at;
  }

  /** Begins a value at `i` (an entry when `capture`); returns where scanning goes on. */
  private startValue(chunk: Buffer, i: number, capture: boolean, out: HarItem[]): number {
    const c = chunk[i] as number;
    this.state = "value";
    this.capturing = capture;
    this.parts = [];
    this.size = 0;
    this.tooDeep = false;
    this.escape = false;
    this.inString = c === QUOTE;
    this.depth = c === OPEN_BRACE || c === OPEN_BRACKET ? 1 : 0;
    return this.scanValue(chunk, i + 1, i, out);
  }

  /** Scans the current value from `i` (its bytes in this chunk start at `from`); returns where scanning goes on. */
  private scanValue(chunk: Buffer, i: number, from: number, out: HarItem[]): number {
    const n = chunk.length;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        // An odd run of backslashes before the quote (or the chunk's end) escapes it.
        let run = 0;
        for (let j = (quote === -1 ? n : quote) - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
        if (quote === -1) {
          this.escape = run % 2 === 1;
          break;
        }
        i = quote + 1;
        if (run % 2 === 1) continue;
        this.inString = false;
        if (this.depth === 0) return this.finish(chunk, from, i, out);
        continue;
      }
      const c = chunk[i] as number;
      if (this.depth === 0) {
        // A literal (a number, true, false, null) ends where the next token starts.
        if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) {
          return this.finish(chunk, from, i, out);
        }
        i++;
        continue;
      }
      i++;
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++this.depth > this.limits.maxDepth) this.tooDeep = true;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) {
        return this.finish(chunk, from, i, out);
      }
    }
    this.keep(chunk.subarray(from, n));
    return n;
  }

  /** Adds bytes of the current entry; once it is over a bound, only counts them. */
  private keep(bytes: Buffer): void {
    if (!this.capturing) return;
    this.size += bytes.length;
    if (this.size > this.limits.maxEntryBytes || this.tooDeep) this.parts = [];
    else this.parts.push(bytes);
  }

  private finish(chunk: Buffer, from: number, end: number, out: HarItem[]): number {
    if (this.capturing) {
      this.keep(chunk.subarray(from, end));
      out.push(this.entry());
    }
    this.state = this.capturing ? "entries" : "key";
    return end;
  }

  /** The entry just cut out, or why it was skipped. */
  private entry(): HarItem {
    const { index, size, limits, parts } = this;
    if (size > limits.maxEntryBytes) {
      const reason = `this entry is ${megabytes(size)}, over the ${megabytes(limits.maxEntryBytes)} an entry may take: skipped unread`;
      return { kind: "error", index, reason };
    }
    if (this.tooDeep) {
      const reason = `this entry nests arrays or objects deeper than ${limits.maxDepth} levels: skipped unread`;
      return { kind: "error", index, reason };
    }
    const text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString("utf8");
    return { kind: "entry", index, text };
  }
}

/** A scanned entry parsed, or why its text is not JSON. */
function parsed(item: HarItem): ReadItem {
  if (item.kind === "error") return item;
  try {
    return { kind: "entry", index: item.index, value: JSON.parse(item.text) };
  } catch (error) {
    return { kind: "error", index: item.index, reason: `it is not valid JSON (${(error as Error).message})` };
  }
}

/** Streams a HAR file, yielding each entry parsed (one at a time) or an error naming the entry (or the file). */
export async function* readHarEntries(path: string, limits = DEFAULT_READ_LIMITS): AsyncGenerator<ReadItem> {
  const scanner = new HarScanner(limits);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      for (const item of scanner.push(chunk)) yield parsed(item);
    }
  } catch (error) {
    yield { kind: "error", index: null, reason: `it cannot be read: ${(error as Error).message}` };
    return;
  }
  yield* scanner.end();
}
