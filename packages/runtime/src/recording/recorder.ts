import { describeError, type Exchange, prepareEntry } from "./entry.js";
import type { HarEntry } from "./har.js";
import { type CallRecorder, registerRecorder } from "./hook.js";
import { createHarEntryRedactor } from "./redact-entry.js";

/** Where entries go: a function, or an object such as `createHarFileSink`'s that can also be flushed and closed. */
export type HarSink =
  | ((entry: HarEntry) => void | Promise<void>)
  | {
      write(entry: HarEntry): void | Promise<void>;
      flush?(): Promise<void>;
      close?(): Promise<void>;
    };

export interface HarRecorderOptions {
  /** Receives each entry, already redacted; a sink that throws or rejects is counted, never thrown into a call. */
  sink: HarSink;
  /**
   * What to redact beyond the built-in rules, which always apply and cannot be turned off: `headers` written as
   * `[REDACTED]` (besides Authorization, Proxy-Authorization, Cookie, Set-Cookie and secret-named ones), `fields` of
   * bodies, forms, query strings and path parameters hashed as personal values (besides the spec's `x-sensitive`).
   */
  redact?: { headers?: readonly string[]; fields?: readonly string[] };
  /** The key of the personal values' HMAC-SHA256; random per recorder by default (markers then match only within it). */
  hashKey?: string | Uint8Array;
  /** Called with each sink failure or entry that could not be built; by default one console.warn, for the first. */
  onError?: (error: unknown, stats: HarRecorderStats) => void;
  /** Entries waiting for the sink at most; past it new entries are dropped and counted (default 100). */
  maxPendingEntries?: number;
  /** The longest body text written, in characters; a longer one is cut with a comment (default 262144). */
  maxBodyLength?: number;
}

export interface HarRecorderStats {
  /** Entries the sink accepted. */
  recorded: number;
  /** Entries not written: over `maxPendingEntries`, after `close()`, or not buildable. */
  dropped: number;
  /** Times the sink threw or rejected. */
  sinkFailures: number;
}

/** Records every call of the clients it is given to (`recorder` option) as a redacted HAR 1.2 entry. */
export interface HarRecorder {
  stats(): HarRecorderStats;
  /** Resolves once every entry so far has reached the sink (and the sink's own `flush`, if it has one). */
  flush(): Promise<void>;
  /** Flushes, then closes the sink (a file sink finishes its file); entries after this are dropped. */
  close(): Promise<void>;
}

/**
 * A recorder of the clients' traffic as HAR 1.2 entries, redacted by default: credentials and secret-named fields
 * are `[REDACTED]`, personal fields (the spec's `x-sensitive` ones and `redact.fields`) a keyed hash, file parts
 * their size and SHA-256. Give it to a client as its `recorder` option; one recorder may serve several clients.
 */
export function createHarRecorder(options: HarRecorderOptions): HarRecorder {
  const sink = sinkOf(options.sink);
  const redact = checkRedact(options.redact);
  const maxPending = positiveInteger(options.maxPendingEntries, 100, "maxPendingEntries");
  const redactEntry = createHarEntryRedactor({
    redact,
    maxBodyLength: positiveInteger(options.maxBodyLength, 262_144, "maxBodyLength"),
    ...(options.hashKey === undefined ? {} : { hashKey: options.hashKey }),
  });
  const counts: HarRecorderStats = { recorded: 0, dropped: 0, sinkFailures: 0 };
  /** Entries prepared by calls, built and handed to the sink in this order by one drain in a later task. */
  const queue: Array<() => Promise<HarEntry>> = [];
  let draining: Promise<void> | null = null;
  /** Sink writes not settled yet. */
  const writing = new Set<Promise<void>>();
  let warned = false;
  let closed = false;

  const stats = (): HarRecorderStats => ({ ...counts });
  const report = (error: unknown) => {
    try {
      if (options.onError) options.onError(error, stats());
      else if (!warned) {
        warned = true;
        console.warn(
          `HAR recorder: an entry was not written (${describeError(error, 200)}); calls go on, and later failures are only ` +
            "counted in stats(). Pass onError to see each one.",
        );
      }
    } catch {
      // A failing error handler must not break the call either.
    }
  };
  const sinkFailed = (error: unknown) => {
    counts.sinkFailures++;
    report(error);
  };
  const entryFailed = (error: unknown) => {
    counts.dropped++;
    report(error);
  };
  const deliver = (entry: HarEntry): void => {
    let written: void | Promise<void>;
    try {
      written = sink.write(entry);
    } catch (error) {
      sinkFailed(error);
      return;
    }
    if (!(written instanceof Promise)) {
      counts.recorded++;
      return;
    }
    const settled = written.then(
      () => {
        counts.recorded++;
      },
      (error: unknown) => sinkFailed(error),
    );
    writing.add(settled);
    void settled.then(() => writing.delete(settled));
  };
  const drain = async () => {
    for (let build = queue.shift(); build; build = queue.shift()) {
      try {
        deliver(await build());
      } catch (error) {
        entryFailed(error);
      }
    }
    draining = null;
  };

  const recorder: HarRecorder = {
    stats,
    async flush() {
      while (draining || writing.size > 0) await Promise.allSettled([draining, ...writing]);
      await sink.flush?.();
    },
    async close() {
      closed = true;
      await recorder.flush();
      await sink.close?.();
    },
  };
  const record = (exchange: Exchange): void => {
    if (closed || queue.length + writing.size >= maxPending) {
      counts.dropped++;
      return;
    }
    try {
      const build = prepareEntry(exchange);
      queue.push(async () => redactEntry(await build(), exchange.operation));
    } catch (error) {
      entryFailed(error);
      return;
    }
    // One drain per task for all the calls that ended meanwhile, so a call pays a push, not a timer of its own.
    draining ??= later().then(drain);
  };
  registerRecorder(recorder, (client) => callRecorder(record, client));
  return recorder;
}

/**
 * The per-client hook of a recorder: makes a call through `send` and records it, whatever its outcome. The call's
 * result or error passes through untouched; nothing the recorder does can throw into it.
 */
function callRecorder(record: (exchange: Exchange) => void, client: { token?: unknown }): CallRecorder {
  const authorized = client.token !== undefined;
  return async ({ operation, init, fetch, send }) => {
    const startedAt = Date.now();
    const sentAt = performance.now();
    let request: Request | undefined;
    let response: Response | undefined;
    let headersAt = sentAt;
    let responseText: () => Promise<string> | undefined = () => undefined;
    const watched = async (sent: Request) => {
      request = sent;
      response = await fetch(sent);
      headersAt = performance.now();
      responseText = captureText(response);
      return response;
    };
    let result: Awaited<ReturnType<typeof send>> | undefined;
    let thrown: unknown;
    let failed = false;
    try {
      result = await send(watched);
    } catch (error) {
      thrown = error;
      failed = true;
    }
    // Nothing was sent when openapi-fetch failed before calling fetch (a body that cannot be serialized).
    if (request) {
      record({
        operation,
        request,
        body: init?.body,
        authorized,
        response,
        responseText: responseText(),
        result: result as Exchange["result"],
        thrown,
        failed,
        startedAt,
        sentAt,
        headersAt,
        endedAt: performance.now(),
      });
    }
    if (failed) throw thrown;
    return result as Awaited<ReturnType<typeof send>>;
  };
}

/**
 * Keeps the text openapi-fetch reads of an answer, so that its entry is built from what came rather than from data
 * the caller may change after the call: the Response stays the caller's object, its text() and json() read through.
 * Answers the text, or undefined when nothing read the body (the recorder never reads one itself).
 */
function captureText(response: Response): () => Promise<string> | undefined {
  let text: Promise<string> | undefined;
  try {
    const read = response.text.bind(response);
    const captured = () => {
      text ??= read();
      return text;
    };
    Object.defineProperties(response, {
      text: { value: captured, configurable: true, writable: true },
      json: { value: async () => JSON.parse(await captured()), configurable: true, writable: true },
    });
  } catch {
    // A Response that cannot take the capture (frozen) is recorded from openapi-fetch's parsed data instead.
  }
  return () => text;
}

/** A promise settled in a later task, so that building an entry waits until the call's caller has its answer. */
function later(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

function sinkOf(sink: HarSink): Exclude<HarSink, (entry: HarEntry) => unknown> {
  if (typeof sink === "function") return { write: sink };
  if (typeof sink === "object" && sink !== null && typeof sink.write === "function") return sink;
  throw new TypeError("sink must be a function (entry) => void | Promise<void>, or an object with write(entry).");
}

/** The caller's additions to the redaction; anything that is not one (a key meant to narrow it) is refused loudly. */
function checkRedact(redact: HarRecorderOptions["redact"]): { headers: string[]; fields: string[] } {
  if (redact === undefined) return { headers: [], fields: [] };
  if (typeof redact !== "object" || redact === null) throw new TypeError("redact must be { headers?, fields? }.");
  const other = Object.keys(redact).find((key) => key !== "headers" && key !== "fields");
  if (other !== undefined) {
    throw new TypeError(
      `redact.${other} is not an option: redact only widens the redaction (headers, fields); the built-in rules cannot be narrowed.`,
    );
  }
  const names = (list: unknown, what: string): string[] => {
    if (list === undefined) return [];
    if (!Array.isArray(list) || list.some((n) => typeof n !== "string" || n.length === 0)) {
      throw new TypeError(`redact.${what} must be a list of non-empty names.`);
    }
    return list as string[];
  };
  return { headers: names(redact.headers, "headers"), fields: names(redact.fields, "fields") };
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${value}.`);
  return value;
}
