import { createHash } from "node:crypto";
import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { HarEntry, HarNameValue, HarParam, HarPostData } from "@contracts/runtime";

/** What a forwarding proxy needs: where to send, and what to do with each finished exchange. */
export interface ForwardOptions {
  /** The provider's base URL as the clients take it (`https://…/api/secure`): requests to `/x` go to `<upstream>/x`. */
  upstream: string;
  port?: number;
  /** Called once per exchange after the answer went back to the client, off the request's path. */
  onExchange(entry: HarEntry): void;
}

/** Bytes of each body kept for the recording; the rest is forwarded but not kept. */
const CAPTURE_BYTES = 8 * 1024 * 1024;

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  ...["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"],
  ...["proxy-authenticate", "proxy-authorization", "proxy-connection"],
]);

const forwardable = (headers: IncomingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && value !== undefined));

/** Node's raw headers (name, value, name, value, …) as HAR lists them. */
const harHeaders = (raw: readonly string[]): HarNameValue[] =>
  raw.flatMap((name, i) => (i % 2 === 0 ? [{ name, value: raw[i + 1] ?? "" }] : []));

/** A body as it streams past: the first {@link CAPTURE_BYTES} kept, the size always counted. */
class Capture {
  private readonly chunks: Buffer[] = [];
  size = 0;
  add(chunk: Buffer): void {
    if (this.size < CAPTURE_BYTES) this.chunks.push(chunk.subarray(0, CAPTURE_BYTES - this.size));
    this.size += chunk.length;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const TEXTUAL = /^(text\/|application\/(?:[\w.-]+\+)?(?:json|xml|x-www-form-urlencoded|javascript))/i;

/** A request body as HAR records it: text, or a multipart's fields and files (size and SHA-256, never bytes). */
async function postDataOf(contentType: string, capture: Capture): Promise<HarPostData | undefined> {
  if (capture.size === 0) return undefined;
  const mimeType = contentType || "application/octet-stream";
  if (capture.size > CAPTURE_BYTES)
    return { mimeType, comment: `not kept: ${capture.size} bytes, over the proxy's capture limit` };
  const bytes = capture.bytes();
  if (/^multipart\/form-data/i.test(mimeType)) {
    const headers = { "content-type": mimeType };
    const form = await new Response(new Uint8Array(bytes), { headers }).formData().catch(() => null);
    if (!form) return { mimeType, comment: `not kept: ${bytes.length} bytes that do not parse as multipart/form-data` };
    const params: HarParam[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string") params.push({ name, value });
      else {
        const sha256 = createHash("sha256").update(new Uint8Array(await value.arrayBuffer()));
        const contentType = value.type || "application/octet-stream";
        params.push({ name, fileName: value.name, contentType, _size: value.size, _sha256: sha256.digest("hex") });
      }
    }
    return { mimeType, params };
  }
  if (TEXTUAL.test(mimeType)) return { mimeType, text: bytes.toString("utf8") };
  return { mimeType, comment: `not kept: ${bytes.length} bytes of ${mimeType}` };
}

/**
 * An answer's body as the recording keeps it: whole, or not at all. Part of a body (one cut off, or one over the
 * capture limit) is not kept: cut JSON cannot be redacted field by field, nor checked as the provider's answer.
 */
function answerContent(received: Capture, textual: boolean, error: string | undefined) {
  if (received.size === 0) return {};
  if (error !== undefined) return { comment: `not kept: the answer was cut off after ${received.size} bytes` };
  if (received.size > CAPTURE_BYTES)
    return { comment: `not kept: ${received.size} bytes, over the proxy's capture limit` };
  const bytes = received.bytes();
  return textual ? { text: bytes.toString("utf8") } : { text: bytes.toString("base64"), encoding: "base64" };
}

/** A proxy that forwards every request unchanged, streamed and never retried, and hands each exchange over after. */
export async function startForwardingProxy(options: ForwardOptions): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(options.upstream.replace(/\/+$/, ""));
  const secure = upstream.protocol === "https:";
  const send = secure ? httpsRequest : httpRequest;
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const basePath = upstream.pathname === "/" ? "" : upstream.pathname;
  // Exchanges not yet handed over (a multipart body is still being read): close() waits for them.
  const handing = new Set<Promise<void>>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let handedOver!: () => void;
    const handed = new Promise<void>((resolve) => (handedOver = resolve));
    handing.add(handed);
    const started = Date.now();
    const startedAt = performance.now();
    const target = new URL(`${basePath}${req.url ?? "/"}`, upstream);
    const sent = new Capture();
    const received = new Capture();
    let waitedMs = 0;
    const headers = forwardable(req.headers);
    headers.host = upstream.host;
    const out = send(target, { method: req.method, headers, agent });
    out.on("continue", () => res.writeContinue());
    // Headers go out before any body byte, so a provider asked for `100-continue` can answer it.
    out.flushHeaders();
    out.on("response", (answer) => {
      waitedMs = performance.now() - startedAt;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardable(answer.headers));
      answer.on("data", (chunk: Buffer) => received.add(chunk));
      answer.pipe(res);
      answer.on("end", () => setImmediate(finish, answer));
      answer.on("error", (error) => {
        res.destroy(error);
        setImmediate(finish, answer, error.message);
      });
    });
    out.on("error", (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        res.end(`contract proxy: the provider at ${upstream.origin} could not be reached (${error.message}).\n`);
      } else res.destroy(error);
      setImmediate(finish, undefined, error.message);
    });
    req.on("data", (chunk: Buffer) => sent.add(chunk));
    req.pipe(out);
    req.on("aborted", () => out.destroy());

    let finished = false;
    async function finish(answer: IncomingMessage | undefined, error?: string) {
      if (finished) return;
      finished = true;
      try {
        options.onExchange(await exchangeOf(answer, error));
      } finally {
        handing.delete(handed);
        handedOver();
      }
    }
    async function exchangeOf(answer: IncomingMessage | undefined, error?: string): Promise<HarEntry> {
      const responseType = answer?.headers["content-type"] ?? "";
      const textual = TEXTUAL.test(responseType) || responseType === "";
      return {
        startedDateTime: new Date(started).toISOString(),
        time: Math.round((performance.now() - startedAt) * 1000) / 1000,
        request: {
          method: req.method ?? "GET",
          url: target.href,
          httpVersion: `HTTP/${req.httpVersion}`,
          cookies: [],
          headers: harHeaders(req.rawHeaders),
          queryString: [...target.searchParams].map(([name, value]) => ({ name, value })),
          postData: await postDataOf(req.headers["content-type"] ?? "", sent),
          headersSize: -1,
          bodySize: sent.size,
        },
        response: {
          status: answer?.statusCode ?? 0,
          statusText: answer?.statusMessage ?? "",
          httpVersion: "HTTP/1.1",
          cookies: [],
          headers: harHeaders(answer?.rawHeaders ?? []),
          content: { size: received.size, mimeType: responseType, ...answerContent(received, textual, error) },
          redirectURL: "",
          headersSize: -1,
          bodySize: received.size,
          _error: error,
        },
        cache: {},
        timings: { send: 0, wait: Math.round(waitedMs * 1000) / 1000, receive: 0 },
      };
    }
  };

  const server = createServer(handle);
  // The provider, not the proxy, answers `Expect: 100-continue`: the request goes on at once and its 100 comes back.
  server.on("checkContinue", handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        agent.destroy();
      });
      await Promise.all(handing);
    },
  };
}
