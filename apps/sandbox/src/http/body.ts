import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";

/**
 * Requests that sent `Expect: 100-continue` and have not been told to go on. The server answers them only when a
 * route starts to read the body, so a request refused on its headers (no token, a declared size over the limit)
 * is answered before the client sends a byte of it.
 */
export const awaitingContinue = new WeakSet<IncomingMessage>();

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** Tells a client waiting on `Expect: 100-continue` to send its body; a no-op for every other request. */
export function continueIfAwaited(c: Context): void {
  const { incoming, outgoing } = (c.env ?? {}) as NodeBindings;
  if (incoming && outgoing && awaitingContinue.delete(incoming) && !outgoing.headersSent) outgoing.writeContinue();
}

/** The declared `Content-Length` is over the limit (a lie under it is caught while reading). */
export function declaredOver(c: Context, limit: number): boolean {
  const declared = c.req.header("content-length");
  return declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
}

export type CappedBody =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "too_large"; limit: number }
  /** The client went away mid-body: nothing of it may be acted on. */
  | { ok: false; reason: "aborted" };

/**
 * The whole body, if it is at most `limit` bytes; otherwise stops reading at the first byte over and says so. The
 * rest of a refused body is never buffered (the server drains and drops it, then closes the connection).
 */
export async function readCapped(c: Context, limit: number): Promise<CappedBody> {
  if (declaredOver(c, limit)) return { ok: false, reason: "too_large", limit };
  continueIfAwaited(c);
  const body = c.req.raw.body;
  if (!body) return { ok: true, bytes: new Uint8Array() };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const read = await reader.read().catch(() => undefined);
    if (read === undefined) return { ok: false, reason: "aborted" };
    if (read.done) break;
    const value = read.value;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large", limit };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * Headers for a 413: the body will not be read, so the connection is closed once the answer is out. Other early
 * refusals (a 401, a form over its field limit) keep it: @hono/node-server drops the rest of their body (64 MiB or
 * 500 ms at most, then it hangs up), and a client still sending gets its answer instead of a broken pipe.
 */
export const CLOSE = { Connection: "close" } as const;
