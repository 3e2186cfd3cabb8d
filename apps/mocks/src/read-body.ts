import type { IncomingMessage } from "node:http";

/** How reading a body ended. Only `read` consumed it; after the others the rest is still on its way. */
export type BodyOutcome =
  | { kind: "read"; body: Buffer }
  | { kind: "too-large" }
  | { kind: "idle" }
  | { kind: "aborted" };

/**
 * Reads a request body of at most `limit` bytes. Memory is bounded by the limit whatever the client sends: a
 * declared Content-Length over it is refused before a byte is read, a chunked body is refused as soon as it grows
 * past it, and a body with a Content-Length is read into one buffer of that size (no copies when it completes).
 */
export function readBody(req: IncomingMessage, limit: number, idleMs: number): Promise<BodyOutcome> {
  const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
  if (declared !== undefined && declared > limit) return Promise.resolve({ kind: "too-large" });
  if (declared === 0 || (declared === undefined && !req.headers["transfer-encoding"])) {
    return Promise.resolve({ kind: "read", body: Buffer.alloc(0) });
  }
  return new Promise((resolve) => {
    const whole = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let length = 0;
    let timer = setTimeout(() => finish({ kind: "idle" }), idleMs);
    const onData = (chunk: Buffer) => {
      clearTimeout(timer);
      if (length + chunk.length > limit) return finish({ kind: "too-large" });
      if (whole) chunk.copy(whole, length);
      else chunks.push(chunk);
      length += chunk.length;
      timer = setTimeout(() => finish({ kind: "idle" }), idleMs);
    };
    const onEnd = () =>
      finish({ kind: "read", body: whole ? whole.subarray(0, length) : Buffer.concat(chunks, length) });
    const onClose = () => finish({ kind: "aborted" });
    function finish(outcome: BodyOutcome) {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onClose).off("close", onClose);
      chunks.length = 0;
      resolve(outcome);
    }
    req.on("data", onData).once("end", onEnd).once("error", onClose).once("close", onClose);
  });
}

/**
 * After an answer sent before the body was read: keeps reading and discarding what the client still sends, so
 * it can read the answer instead of a connection reset, then drops the connection if the body has not ended.
 */
export function discardRest(req: IncomingMessage, lingerMs: number): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), lingerMs);
  req.once("end", () => clearTimeout(timer)).once("close", () => clearTimeout(timer));
  req.resume();
}
