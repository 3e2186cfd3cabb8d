import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import { authorizationMiddleware, type TokenSource } from "./auth.js";
import { toFormData } from "./multipart.js";
import { findOperation, type OperationTable } from "./operation-table.js";

/** What every generated client factory takes. */
export interface ApiClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** Sent in the `Authorization` header; a function is called before every request. */
  token?: TokenSource;
  /** `"Bearer"` by default; `null` sends the raw token (see each API's spec for what its provider expects). */
  authorizationScheme?: string | null;
  /** A fetch implementation (defaults to `globalThis.fetch`); inject one to test or to add instrumentation. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Extra openapi-fetch middleware, run after authorization. */
  middleware?: Middleware[];
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type AnyInit = Record<string, unknown> | undefined;
type RequestFn = (method: string, url: string, init?: AnyInit) => Promise<unknown>;

/**
 * An openapi-fetch client for one API, which also knows the API's operation table: bodies of
 * `multipart/form-data` operations are sent as form data (files as file parts) without the caller saying so.
 */
export function createApiClient<Paths extends {}>(
  operations: OperationTable,
  options: ApiClientOptions,
): Client<Paths> {
  const { baseUrl, token, authorizationScheme, fetch, headers, middleware = [] } = options;
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`);
  }
  const clientOptions: ClientOptions = { baseUrl, headers };
  if (fetch) clientOptions.fetch = fetch;
  const client = createClient<Paths>(clientOptions);
  if (token !== undefined) {
    client.use(
      authorizationMiddleware({ token, scheme: authorizationScheme === undefined ? "Bearer" : authorizationScheme }),
    );
  }
  client.use(...middleware);

  const base = client.request as unknown as RequestFn;
  const request: RequestFn = (method, url, init) =>
    base(method, url, withBodySerializer(operations, method, url, init));
  const wrapped: Record<string, unknown> = { ...client, request };
  for (const method of METHODS) wrapped[method] = (url: string, init?: AnyInit) => request(method, url, init);
  return wrapped as unknown as Client<Paths>;
}

function withBodySerializer(operations: OperationTable, method: string, url: string, init: AnyInit): AnyInit {
  if (!init || init.body === undefined || init.bodySerializer) return init;
  const contentType = findOperation(operations, method, url)?.requestBody?.contentType;
  if (contentType === "multipart/form-data") return { ...init, bodySerializer: toFormData };
  if (contentType === "application/x-www-form-urlencoded") {
    // Note: openapi-fetch's default serializer form-encodes the body once it sees this content type.
    const headers = { "Content-Type": contentType, ...(init.headers as Record<string, string> | undefined) };
    return { ...init, headers };
  }
  return init;
}
