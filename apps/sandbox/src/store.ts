import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * Where state changes go. With a data directory: an append-only JSON-lines file, `events.jsonl`, one event per line,
 * written and fsynced before the change is applied or acknowledged; replayed on start. Without one: nothing is kept.
 */
export interface EventLog<E> {
  /** Events written by earlier runs, oldest first. */
  readonly history: readonly E[];
  /** Makes the event durable (synchronously: it is on disk when this returns). */
  append(event: E): void;
  close(): void;
}

export const EVENT_LOG_FILE = "events.jsonl";

export function openEventLog<E>(dir: string | undefined): EventLog<E> {
  if (dir === undefined) return { history: [], append() {}, close() {} };
  mkdirSync(dir, { recursive: true });
  const path = join(dir, EVENT_LOG_FILE);
  const fd = openSync(path, "a+");
  const history = readHistory<E>(fd, path);
  return {
    history,
    append(event) {
      writeSync(fd, `${JSON.stringify(event)}\n`);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

function readHistory<E>(fd: number, path: string): E[] {
  const text = readFileSync(fd, "utf8");
  const lines = text.split("\n");
  const tail = lines.pop() ?? "";
  if (tail !== "") {
    // Note: a last line without its newline was cut off mid-write, so it was never acknowledged: drop it.
    ftruncateSync(fd, Buffer.byteLength(text) - Buffer.byteLength(tail));
  }
  return lines.map((line, index) => {
    try {
      return JSON.parse(line) as E;
    } catch {
      throw new Error(`${path} line ${index + 1} is not valid JSON; the event log is damaged.`);
    }
  });
}

/** Uploaded files: under `<dir>/<folder>` (fsynced) with a data directory, in memory otherwise. */
export interface FileStore {
  save(name: string, bytes: Uint8Array): void;
  read(name: string): Uint8Array | undefined;
}

export function openFileStore(dir: string | undefined, folder: string): FileStore {
  if (dir === undefined) {
    const files = new Map<string, Uint8Array>();
    return { save: (name, bytes) => void files.set(name, bytes), read: (name) => files.get(name) };
  }
  const root = join(dir, folder);
  mkdirSync(root, { recursive: true });
  return {
    save(name, bytes) {
      const fd = openSync(join(root, name), "w");
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    read(name) {
      try {
        return readFileSync(join(root, name));
      } catch {
        return undefined;
      }
    },
  };
}
