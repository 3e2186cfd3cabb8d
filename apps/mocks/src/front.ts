import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { OperationDescriptor } from "@contracts/runtime";
import type { MockedApi } from "./apis.js";

type Json = Record<string, unknown>;

interface Violation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

/**
 * The server in front of Prism. Prism accepts any bearer token and reports validation failures only in an
 * `sl-violations` header; the front makes the mock behave like the provider: a missing or wrong token gets the
 * spec's 401 body, and a rejected request gets the API's own error body with the failing fields in it.
 */
export function createFront(api: MockedApi, upstream: () => string): Server {
  const routes = Object.values(api.operations).map((op) => ({ op, pattern: pathPattern(op.path) }));
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://mock");
      const route = routes.find((r) => r.op.method === req.method && r.pattern.test(url.pathname));
      if (route?.op.secured && req.headers.authorization !== `Bearer ${api.token}`) {
        return sendJson(res, 401, exampleBody(api, route.op, "401") ?? { detail: "Unauthorized" });
      }
      await forward(req, res, upstream(), api, route?.op);
    } catch (error) {
      sendJson(res, 502, { message: `The mock could not reach Prism: ${(error as Error).message}` });
    }
  });
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: string,
  api: MockedApi,
  op?: OperationDescriptor,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "host" && name !== "connection") headers.set(name, String(value));
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const raw = Buffer.concat(chunks);
  // Note: Prism drops the connection on a malformed JSON body; a provider answers 400, so the front does.
  if (op && hasBody && /json/.test(String(req.headers["content-type"])) && !isJson(raw)) {
    const example = exampleBody(api, op, "400");
    const violation = {
      location: ["request", "body"],
      severity: "Error",
      code: "parse",
      message: "The body is not valid JSON.",
    };
    if (example) return sendJson(res, 400, withViolations(example, 400, [violation]));
  }
  const answer = await fetch(`${upstream}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? raw : undefined,
  });
  const violations = parseViolations(answer.headers.get("sl-violations"));
  let body = Buffer.from(await answer.arrayBuffer());
  if (op && answer.status >= 400 && answer.status < 500 && violations.length > 0) {
    const example = exampleBody(api, op, String(answer.status));
    if (example) body = Buffer.from(JSON.stringify(withViolations(example, answer.status, violations)));
  }
  const outHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection") outHeaders[name] = value;
  });
  res.writeHead(answer.status, outHeaders).end(body);
}

function isJson(raw: Buffer): boolean {
  if (raw.length === 0) return true;
  try {
    JSON.parse(raw.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

/** `/operations/{id}` → a regular expression matching concrete paths. */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, "[^/]+")}$`);
}

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    return (JSON.parse(header) as Violation[]).filter((v) => v.severity === "Error");
  } catch {
    return [];
  }
}

/** The first example the spec documents for an operation's status. */
export function exampleBody(api: MockedApi, op: OperationDescriptor, status: string): Json | undefined {
  const paths = api.document.paths ?? {};
  const operation = (paths[op.path]?.[op.method.toLowerCase()] ?? {}) as Json;
  const response = (operation.responses as Record<string, Json> | undefined)?.[status];
  const media = Object.values((response?.content as Record<string, Json> | undefined) ?? {})[0];
  const examples = media?.examples as Record<string, { value: Json }> | undefined;
  return (media?.example as Json | undefined) ?? Object.values(examples ?? {})[0]?.value;
}

/** The field a violation is about: `['request','body','amount']` → `amount`; a missing property → its name. */
function fieldOf(v: Violation): string {
  const missing = /required property '([^']+)'/.exec(v.message)?.[1];
  if (missing) return missing;
  return v.location.slice(2).join(".") || (v.location[1] ?? "non_field_errors");
}

/** Fills the API's own error body (recognised by its shape) with the fields Prism rejected. */
function withViolations(example: Json, status: number, violations: Violation[]): Json {
  const relevant = violations.filter((v) => v.code !== "oneOf");
  if ("status_description" in example) {
    const byField: Record<string, string[]> = {};
    for (const v of relevant) {
      const field = fieldOf(v);
      byField[field] = [...(byField[field] ?? []), v.message];
    }
    return { ...example, status_description: byField };
  }
  if ("details" in example || "code" in example) {
    return {
      ...example,
      status_code: status,
      message: "The request has invalid fields.",
      details: relevant.map((v) => ({ field: fieldOf(v), message: v.message })),
    };
  }
  if ("error" in example) {
    return { ...example, error_description: relevant.map((v) => v.message).join("; ") };
  }
  return example;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res
    .writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" })
    .end(JSON.stringify(body));
}
