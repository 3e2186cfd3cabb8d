import type { IncomingMessage, ServerResponse } from "node:http";

/** How reading a body ended: the body, or why not (then the rest, if any, is still on its way). */
export type BodyOutcome = Buffer | "too-large" | "idle" | "aborted";

/** Reads a request body of at most `limit` bytes, refusing it as soon as it is known to be larger. */
export function readBody(req: IncomingMessage, limit: number, idleMs: number): Promise<BodyOutcome> {
  const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
  if (declared !== undefined && declared > limit) return Promise.resolve("too-large");
  if (declared === 0 || (declared === undefined && !req.headers["transfer-encoding"])) {
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve) => {
    // a declared length is read into one buffer of that size; a chunked body is joined at the end.
    const whole = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let length = 0;
    let timer = setTimeout(() => finish("idle"), idleMs);
    const onData = (chunk: Buffer) => {
      clearTimeout(timer);
      if (length + chunk.length > limit) return finish("too-large");
      if (whole) chunk.copy(whole, length);
      else chunks.push(chunk);
      length += chunk.length;
      timer = setTimeout(() => finish("idle"), idleMs);
    };
    const onEnd = () => finish(whole ? whole.subarray(0, length) : Buffer.concat(chunks, length));
    const onClose = () => finish("aborted");
    function finish(outcome: BodyOutcome) {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onClose).off("close", onClose);
      chunks.length = 0;
      resolve(outcome);
    }
    req.on("data", onData).once("end", onEnd).once("error", onClose).once("close", onClose);
  });
}

/** Whether the client is still sending a body (one was declared and has not ended). */
export function bodyPending(req: IncomingMessage): boolean {
  const declared = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  return declared && !req.complete;
}

/**
 * Ends an answer written while the body still arrives with a staged close (RFC 9112 §9.6): the rest is discarded
 * for up to `lingerMs`, so the client reads the answer instead of a connection reset.
 */
export function endAfterDiscarding(req: IncomingMessage, res: ServerResponse, lingerMs: number): void {
  const end = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(end, lingerMs);
  req.once("end", end).once("close", end);
  req.resume();
}
