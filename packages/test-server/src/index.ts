import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server received it, body kept as bytes so multipart parts can be read back exactly. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/accounts?page=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json(): unknown;
  /** The body parsed as multipart/form-data or urlencoded form, with the standard FormData API. */
  formData(): Promise<FormData>;
}

/** What a script answers: a status, optional headers and a body (objects are sent as JSON). */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Milliseconds to wait before answering, to exercise timeouts. */
  delayMs?: number;
  /** Destroy the socket instead of answering, to exercise network errors. */
  hangUp?: boolean;
}

export type Script = (request: RecordedRequest, index: number) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, on a free port chosen by the OS. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 and a free port that records every request and answers from `script`. Idle
 * connections are closed after `keepAliveMs` (1 ms unless given: a test then sees a new connection per call).
 */
export async function startScriptedServer(script: Script, { keepAliveMs = 1 } = {}): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = record(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks));
    const index = requests.push(recorded) - 1;
    try {
      const answer = await script(recorded, index);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (answer.hangUp) {
        req.socket.destroy();
        return;
      }
      const isText = typeof answer.body === "string" || answer.body === undefined;
      const payload = answer.body === undefined ? "" : isText ? String(answer.body) : JSON.stringify(answer.body);
      const headers = { ...(isText ? {} : { "content-type": "application/json" }), ...answer.headers };
      res.writeHead(answer.status, headers).end(payload);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`script failed: ${String(error)}`);
    }
  });
  server.keepAliveTimeout = keepAliveMs;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function record(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): RecordedRequest {
  return {
    method,
    url,
    headers,
    body,
    json() {
      try {
        return JSON.parse(body.toString("utf8"));
      } catch {
        return undefined;
      }
    },
    formData() {
      const contentType = headers["content-type"] ?? "";
      return new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    },
  };
}
