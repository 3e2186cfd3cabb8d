import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";
import { RESPONSE_BYTES, UPSTREAM_TIMEOUT_MS } from "./limits.js";

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
  /** 503 when Prism is unreachable (being restarted), 504 when it is too slow, 502 when its answer is unreadable. */
  | { ok: false; status: 502 | 503 | 504; message: string };

/**
 * Sends one request to Prism, its body with a Content-Length, and reads the answer (at most {@link RESPONSE_BYTES}).
 * Each has its own connection: a pooled one that Prism closes while idle would fail a request Prism never saw.
 */
export function askUpstream(base: string, { method, path, headers, body }: UpstreamRequest): Promise<UpstreamOutcome> {
  const { hostname, port } = new URL(base);
  // the first outcome settles the promise; later ones (an error after a timeout, say) change nothing.
  return new Promise<UpstreamOutcome>((settle) => {
    const fail = (status: 502 | 503 | 504, message: string) => settle({ ok: false, status, message });
    if (body) headers = { ...headers, "content-length": String(body.length) };
    const req = request(
      { hostname, port, method, path, headers, agent: false, timeout: UPSTREAM_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on("data", (chunk: Buffer) => {
          length += chunk.length;
          if (length <= RESPONSE_BYTES) return void chunks.push(chunk);
          req.destroy();
          fail(502, `Prism answered with more than ${RESPONSE_BYTES} bytes.`);
        });
        res.once("end", () => {
          const answer = { status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) };
          settle({ ok: true, answer });
        });
        res.once("error", (error) => fail(503, error.message));
      },
    );
    req.once("timeout", () => {
      req.destroy();
      fail(504, `Prism did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s.`);
    });
    req.once("error", (error: NodeJS.ErrnoException) =>
      fail(error.code?.startsWith("HPE_") ? 502 : 503, error.message),
    );
    req.end(body);
  });
}
