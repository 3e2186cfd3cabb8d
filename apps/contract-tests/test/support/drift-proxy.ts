import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the proxy received it; `path` is below the proxied origin, query string included. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The upstream's answer, which a drift may change before the client sees it. */
export interface ProxiedResponse {
  status: number;
  contentType: string;
  /** The body parsed as JSON when it is JSON, else its text. */
  body: unknown;
}

/** A realistic way a provider differs from the spec: it may change the request, answer itself, or change the answer. */
export interface Drift {
  request?(request: ProxiedRequest): ProxiedRequest | ProxiedResponse | undefined;
  response?(request: ProxiedRequest, response: ProxiedResponse): ProxiedResponse | undefined;
}

/**
 * A provider that is not ours, built from one that is: a proxy on 127.0.0.1 in front of `upstream` (the sandbox's
 * origin) that applies a drift to what passes through. Only the suite's own small requests go through it.
 */
export async function startDriftProxy(
  upstream: string,
  drift: Drift,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let request: ProxiedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    let answer: ProxiedResponse;
    const changed = drift.request?.(request);
    if (changed && "status" in changed) answer = changed;
    else {
      if (changed) request = changed;
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (
          value === undefined ||
          ["host", "connection", "content-length", "transfer-encoding", "expect"].includes(name)
        )
          continue;
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const upstreamAnswer = await fetch(`${upstream}${request.path}`, {
        method: request.method,
        headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(request.body),
      });
      const text = await upstreamAnswer.text();
      const contentType = upstreamAnswer.headers.get("content-type") ?? "";
      let body: unknown = text;
      if (contentType.includes("json") && text !== "") body = JSON.parse(text);
      answer = { status: upstreamAnswer.status, contentType, body };
      answer = drift.response?.(request, answer) ?? answer;
    }
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": answer.contentType }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a proxied request is `method path…` (path without its query string). */
export const isCall = (request: ProxiedRequest, method: string, path: string | RegExp) => {
  const bare = request.path.split("?")[0] ?? "";
  return request.method === method && (typeof path === "string" ? bare === path : path.test(bare));
};

/**
 * Adds an unknown field to every object of a JSON body, at every depth: what a provider may legitimately do. Not
 * inside Paymob's `status_description` map, whose keys are the request's field names, not a record's fields.
 */
export function withExtraFields(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withExtraFields);
  if (typeof body !== "object" || body === null) return body;
  const out: Record<string, unknown> = { provider_extra: { note: "added by the provider", level: 1 } };
  for (const [key, value] of Object.entries(body))
    out[key] = key === "status_description" ? value : withExtraFields(value);
  return out;
}
