import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";

export interface UpstreamRequest {
  method: string;
  /** Path and query, already canonical. */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
}

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type UpstreamOutcome =
  | { ok: true; answer: UpstreamAnswer }
  | { ok: false; reason: "unreachable" | "timeout" | "invalid"; message: string };

/**
 * Sends one request to Prism, its body with a Content-Length, and reads the answer (at most `maxBytes`). Each has its
 * own connection: a pooled one that Prism closes while idle would fail a request Prism never saw.
 */
export function askUpstream(
  base: string,
  outgoing: UpstreamRequest,
  options: { timeoutMs: number; maxBytes: number },
): Promise<UpstreamOutcome> {
  const { hostname, port } = new URL(base);
  // the first outcome settles the promise; later ones (an error after a timeout, say) change nothing.
  return new Promise<UpstreamOutcome>((settle) => {
    const headers: OutgoingHttpHeaders = { ...outgoing.headers };
    if (outgoing.body) headers["content-length"] = String(outgoing.body.length);
    const req = request(
      {
        hostname,
        port,
        method: outgoing.method,
        path: outgoing.path,
        headers,
        agent: false,
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on("data", (chunk: Buffer) => {
          length += chunk.length;
          if (length > options.maxBytes) {
            req.destroy();
            settle({
              ok: false,
              reason: "invalid",
              message: `Prism answered with more than ${options.maxBytes} bytes.`,
            });
          } else chunks.push(chunk);
        });
        res.once("end", () =>
          settle({
            ok: true,
            answer: { status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) },
          }),
        );
        res.once("error", (error) => settle({ ok: false, reason: "unreachable", message: error.message }));
      },
    );
    req.once("timeout", () => {
      req.destroy();
      settle({ ok: false, reason: "timeout", message: `Prism did not answer within ${options.timeoutMs / 1000} s.` });
    });
    req.once("error", (error: NodeJS.ErrnoException) =>
      settle({
        ok: false,
        reason: error.code?.startsWith("HPE_") ? "invalid" : "unreachable",
        message: error.message,
      }),
    );
    req.end(outgoing.body);
  });
}
