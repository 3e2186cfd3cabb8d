import type { IncomingMessage } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

/** Requests waiting on `Expect: 100-continue`: one refused on its headers is answered before it sends its body. */
export const awaitingContinue = new WeakSet<IncomingMessage>();

/** Tells a client waiting on `Expect: 100-continue` to send its body; a no-op for every other request. */
export function continueIfAwaited(c: Context): void {
  const { incoming, outgoing } = (c.env ?? {}) as Partial<HttpBindings>;
  if (incoming && outgoing && awaitingContinue.delete(incoming) && !outgoing.headersSent) outgoing.writeContinue();
}

/** The declared `Content-Length` is over the limit (a lie under it is caught while reading). */
export function declaredOver(c: Context, limit: number): boolean {
  const declared = c.req.header("content-length");
  return declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
}

/**
 * Feeds a body to `onChunk` until it ends or passes `limit` bytes. Once `stop()` is true the rest is read and dropped
 * (within the limit), so a client still sending gets its answer rather than a broken pipe.
 */
export async function pump(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  onChunk: (chunk: Uint8Array) => unknown,
  stop = () => false,
): Promise<"done" | "too_large" | "aborted" | "stopped"> {
  const reader = body?.getReader();
  let size = 0;
  while (reader) {
    // a failed read is a client that went away mid-body: nothing of it may be acted on.
    const read = await reader.read().catch(() => undefined);
    if (read === undefined) return "aborted";
    if (read.done) break;
    size += read.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return "too_large";
    }
    await onChunk(read.value);
    if (stop()) {
      void discardRest(reader, limit - size);
      return "stopped";
    }
  }
  return "done";
}

/** Reads and drops up to `budget` more bytes of a body, then stops reading it. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  for (let left = budget; left >= 0; ) {
    const read = await reader.read().catch(() => undefined);
    if (!read || read.done) return;
    left -= read.value.byteLength;
  }
  await reader.cancel().catch(() => {});
}

/** The whole body when it is at most `limit` bytes (declared or counted), else why not. */
export async function readCapped(c: Context, limit: number): Promise<Uint8Array | "too_large" | "aborted"> {
  if (declaredOver(c, limit)) return "too_large";
  continueIfAwaited(c);
  const chunks: Uint8Array[] = [];
  const end = await pump(c.req.raw.body, limit, (chunk) => chunks.push(chunk));
  return end === "done" ? Buffer.concat(chunks) : end === "too_large" ? "too_large" : "aborted";
}

/** Headers for a 413: its body will not be read, so the connection closes (@hono/node-server drains the others). */
export const CLOSE = { Connection: "close" } as const;
