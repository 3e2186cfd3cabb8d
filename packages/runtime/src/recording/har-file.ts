// Node only (node:fs): exported at `@contracts/runtime/har-file`, never from the package root, which browsers load.

import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, extname, join } from "node:path";
import type { HarEntry, HarLog } from "./har.js";

export interface HarFileSinkOptions {
  /**
   * Names the files: `recordings/traffic.har` writes `recordings/traffic.0001.har`, then `traffic.0002.har` when the
   * first is full, and so on. A file that already exists is never written to; the next free number is taken.
   */
  path: string;
  /** The size at which a file is finished and the next one begun (default 64 MiB); each file holds one entry at least. */
  maxBytes?: number;
  /** Bytes of entries waiting for the disk at most; a write past it fails (the recorder counts it). Default 16 MiB. */
  maxQueuedBytes?: number;
}

/** A recorder sink writing HAR 1.2 files, one entry per line, so that a file cut by a crash keeps its whole entries. */
export interface HarFileSink {
  write(entry: HarEntry): Promise<void>;
  /** Resolves once every entry written so far is in the file. */
  flush(): Promise<void>;
  /** Writes what is queued, finishes the JSON of the current file so it parses, and refuses later entries. */
  close(): Promise<void>;
  /** The files written so far, in order. */
  files(): string[];
}

const CREATOR = { name: "@contracts/runtime", version: packageVersion() };
const HEADER = `{"log":{"version":"1.2","creator":${JSON.stringify(CREATOR)},"entries":[\n`;
const FOOTER = "]}}\n";

/**
 * A sink for `createHarRecorder` that writes valid HAR 1.2 files, rotated by size into numbered files. Each entry is
 * serialized when it is written, then appended by one writer in order; `close()` finishes the file.
 */
export function createHarFileSink(options: HarFileSinkOptions): HarFileSink {
  const { path, maxBytes = 64 * 1024 * 1024, maxQueuedBytes = 16 * 1024 * 1024 } = options;
  if (typeof path !== "string" || path.length === 0) throw new TypeError("path must name the HAR file to write.");
  const extension = extname(path) || ".har";
  const stem = join(dirname(path), basename(path, extname(path)));
  const written: string[] = [];
  let handle: FileHandle | null = null;
  let size = 0;
  let entries = 0;
  let number = 1;
  let queued = 0;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  async function begin(): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    for (; ; number++) {
      const file = `${stem}.${String(number).padStart(4, "0")}${extension}`;
      try {
        handle = await open(file, "wx");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw error;
      }
      written.push(file);
      number++;
      break;
    }
    size = 0;
    entries = 0;
    await append(HEADER);
  }

  async function finish(): Promise<void> {
    if (!handle) return;
    await append(FOOTER);
    await handle.close();
    handle = null;
  }

  async function append(text: string): Promise<void> {
    await (handle as FileHandle).appendFile(text);
    size += Buffer.byteLength(text, "utf8");
  }

  async function writeLine(line: string, lineBytes: number): Promise<void> {
    if (handle && entries > 0 && size + lineBytes + 2 + FOOTER.length > maxBytes) await finish();
    if (!handle) await begin();
    await append(`${entries === 0 ? "" : ","}${line}\n`);
    entries++;
  }

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const done = chain.then(task);
    chain = done.catch(() => undefined);
    return done;
  };

  return {
    write(entry) {
      if (closed) return Promise.reject(new Error("The HAR file sink is closed."));
      const line = JSON.stringify(entry);
      const bytes = Buffer.byteLength(line, "utf8");
      if (queued + bytes > maxQueuedBytes) {
        return Promise.reject(new Error(`The HAR file sink has ${queued} bytes waiting for the disk; entry dropped.`));
      }
      queued += bytes;
      return enqueue(() => writeLine(line, bytes)).finally(() => {
        queued -= bytes;
      });
    },
    flush: () => chain,
    close() {
      if (closed) return chain;
      closed = true;
      return enqueue(finish);
    },
    files: () => [...written],
  };
}

/**
 * Reads a HAR file; one this sink wrote but never closed (the process was killed) is read up to its last whole
 * entry, with a `comment` on the log saying so.
 */
export async function readHarFile(path: string): Promise<HarLog> {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text) as HarLog;
  } catch {
    // Not whole JSON: read it as this sink writes it, a header line and one entry per line.
  }
  const [head = "", ...lines] = text.split("\n");
  if (!head.endsWith('"entries":[')) throw new SyntaxError(`${path} is not a HAR file.`);
  const log = JSON.parse(`${head}]}}`) as HarLog;
  for (const line of lines) {
    try {
      log.log.entries.push(JSON.parse(line.startsWith(",") ? line.slice(1) : line) as HarEntry);
    } catch {
      break;
    }
  }
  log.log.comment = `The file was cut before it was closed; its ${log.log.entries.length} whole entries are read.`;
  return log;
}

function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}
