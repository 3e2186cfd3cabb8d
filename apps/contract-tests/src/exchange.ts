import type { SentField, SentRequest } from "./checks.js";
import type { ApiName, SpecContext } from "./spec.js";

/** A request as a report may show it: never a token, never a secret, never file bytes. */
export interface RequestSummary {
  method: string;
  /** The path below the API's base URL, e.g. `/operations/0e8f…`. */
  path: string;
  query?: Record<string, string>;
  /** Which token went in `Authorization`: the provider's, none, or some other (a deliberately wrong one). */
  auth: "provider token" | "no token" | "another token";
  contentType?: string;
  /** The body's fields: values kept short, secrets redacted, files described by name, type and size. */
  body?: unknown;
}

/** One request the suite sent and what came back. */
export interface Exchange {
  api: ApiName;
  /** The operation the request called, by method and path; null for a path the spec does not have. */
  operationId: string | null;
  request: RequestSummary;
  status: number;
  contentType: string | null;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
  /** Whether the body was JSON (an empty body is not). */
  json: boolean;
  /** The response openapi-fetch received, to find this exchange from a client's result. */
  response: Response;
  /** When the answer came (performance.now()), to find the last one of a case. */
  at: number;
}

const SECRET = /^(password|client_secret|refresh_token|access_token|token)$/i;
const SHORT = 48;

/** A value as a report shows it: long strings cut, secrets redacted (by its field's name). */
export function short(key: string, value: unknown): unknown {
  if (SECRET.test(key)) return "<redacted>";
  if (typeof value === "string") return value.length > SHORT ? `${value.slice(0, SHORT)}…` : value;
  if (typeof value === "object" && value !== null) {
    const text = JSON.stringify(value);
    return text.length > SHORT ? `${text.slice(0, SHORT)}…` : value;
  }
  return value;
}

/** A body's text as JSON, or `undefined` when it is not JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === "") return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** A body as a report shows it: values kept short, secrets redacted, files by name, type and size. */
export function summarizeBody(body: SentRequest["body"]): unknown {
  switch (body.kind) {
    case "json": {
      const value = body.value;
      if (typeof value !== "object" || value === null || Array.isArray(value)) return short("", value);
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, short(key, v)]));
    }
    case "form":
      return Object.fromEntries(
        body.fields.map((f) => [
          f.name,
          f.file
            ? `<file ${f.file.fileName || "(no name)"}, ${f.file.contentType || "no type"}, ${f.file.size ?? "?"} bytes>`
            : short(f.name, f.value),
        ]),
      );
    case "not-json":
      return "<a body that is not JSON>";
    default:
      return "<a body not read>";
  }
}

/** A form's fields; a file as its name, type and size (null when its bytes did not survive a recording). */
export function formFields(form: FormData | URLSearchParams, sized = true): SentField[] {
  return [...form.entries()].map(([name, value]) =>
    typeof value === "string"
      ? { name, value }
      : {
          name,
          file: { fileName: value.name || null, contentType: value.type || null, size: sized ? value.size : null },
        },
  );
}

/** What a request the suite sends carries, summarised as a recorded one is. */
async function summarizeRequestBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    return summarizeBody({ kind: "form", fields: formFields(await request.formData()) });
  }
  const text = await request.text();
  if (text === "") return undefined;
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return summarizeBody({ kind: "form", fields: formFields(new URLSearchParams(text)) });
  }
  if (type.includes("json")) {
    const parsed = parseJson(text);
    return parsed
      ? summarizeBody({ kind: "json", value: parsed.value })
      : `<${text.length} characters that are not JSON>`;
  }
  return `<${text.length} characters of ${type || "untyped text"}>`;
}

/** A request the recorder would not send, and why. */
export interface Refusal {
  api: ApiName;
  /** The operation it would have called; null for a path the spec does not have. */
  operationId: string | null;
  method: string;
  path: string;
  reason: string;
}

/** What the recorder's fetch throws for a refused request (the clients wrap it as the cause of a NetworkError). */
export class RefusedRequestError extends Error {
  override name = "RefusedRequestError";
  constructor(readonly refusal: Refusal) {
    super(`${refusal.method} ${refusal.path} was not sent: ${refusal.reason}`);
  }
}

/** A fetch for the clients that records every exchange, or refuses (and throws) a request `options.refuse` names. */
export function createRecorder(
  spec: Pick<SpecContext, "api" | "matchOperation">,
  baseUrl: string,
  providerToken: string,
  /** Why a request must not be sent (a safe run's guard, see safe.ts), or null to send it. */
  options: { refuse?: (request: { operationId: string | null; method: string; path: string }) => string | null } = {},
) {
  const exchanges: Exchange[] = [];
  const refused: Refusal[] = [];
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");

  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
    const operationId = spec.matchOperation(request.method, path)?.operationId ?? null;
    const reason = options.refuse?.({ operationId, method: request.method, path });
    if (reason) {
      const refusal = { api: spec.api, operationId, method: request.method, path, reason };
      refused.push(refusal);
      throw new RefusedRequestError(refusal);
    }
    const authorization = request.headers.get("authorization");
    const summary: RequestSummary = {
      method: request.method,
      path,
      ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}),
      auth: !authorization ? "no token" : authorization.includes(providerToken) ? "provider token" : "another token",
      ...(request.headers.get("content-type")
        ? { contentType: request.headers.get("content-type")?.split(";")[0] }
        : {}),
      body: request.body === null ? undefined : await summarizeRequestBody(request.clone()),
    };
    const response = await globalThis.fetch(request, init);
    const text = await response.clone().text();
    // Not JSON: the text stays the body, and the content-type check says what it was.
    const parsed = parseJson(text);
    exchanges.push({
      api: spec.api,
      operationId,
      request: summary,
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: parsed ? parsed.value : text,
      json: parsed !== undefined,
      response,
      at: performance.now(),
    });
    return response;
  };

  return { fetch, exchanges, refused };
}

export type Recorder = ReturnType<typeof createRecorder>;
