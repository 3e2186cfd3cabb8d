import createClient, { type Middleware } from "openapi-fetch";
import { answerError, checkAnswer, expectsJson } from "./answer.js";
import type { TokenSource } from "./auth.js";
import type { ApiClient } from "./client-types.js";
import { RequestValidationError, ResponseValidationError } from "./errors.js";
import { LightRequest } from "./light-request.js";
import { toFormData } from "./multipart.js";
import { HTTP_METHODS, type OperationDescriptor, type OperationTable, operationIndex } from "./operation-table.js";
import { bindRecorder } from "./recording/hook.js";
import type { HarRecorder } from "./recording/recorder.js";
import { createTransport, type RetryPolicy } from "./transport.js";
import type { Validators } from "./validation/validators.js";

/** What every generated client factory takes. */
export interface ApiClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** Sent in the `Authorization` header: a string, a function called before every request, or a TokenProvider. */
  token?: TokenSource;
  /** `"Bearer"` by default; `null` sends the raw token (see each API's spec for what its provider expects). */
  authorizationScheme?: string | null;
  /**
   * A fetch implementation (defaults to `globalThis.fetch`); inject one to test or to add instrumentation. It is
   * called as `fetch(request, init)`, the init holding the signal of the timeout or the caller's (none when the
   * call has neither): pass the init on, so timeouts and aborts reach the request.
   */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Extra openapi-fetch middleware. */
  middleware?: Middleware[];
  /** Milliseconds a call may take in all, retries included; a TimeoutError after that. 0 disables (default 30 s). */
  timeoutMs?: number;
  /**
   * Retries of safe requests (GET on network errors and 429/502/503/504, honouring Retry-After). A request that
   * moves money is never retried. `false` turns retries off.
   */
  retry?: RetryPolicy | false;
  /**
   * Validation against the spec with the generated validators. `request` (on by default): an invalid request throws
   * a RequestValidationError listing the fields and never reaches the network. `response` (off by default): a
   * response the spec does not allow throws a ResponseValidationError keeping the status and raw body.
   */
  validate?: { request?: boolean; response?: boolean };
  /** Records every call as a redacted HAR 1.2 entry (see `createHarRecorder`). */
  recorder?: HarRecorder;
}

type AnyInit = Record<string, unknown> | undefined;
type RequestFn = (method: string, url: string, init?: AnyInit) => Promise<unknown>;
type FetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * An openapi-fetch client for one API that also knows the API's operation table: it validates requests before
 * they leave, serializes multipart and form bodies, and sends everything through the resilient transport.
 */
export function createApiClient<Paths extends {}>(
  operations: OperationTable,
  options: ApiClientOptions,
  validators?: Validators<OperationTable>,
): ApiClient<Paths> {
  const { baseUrl, headers, middleware = [], validate = {} } = options;
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`);
  }
  const validateRequest = validators !== undefined && validate.request !== false;
  const validateResponse = validators !== undefined && validate.response === true;
  const transport = createTransport(options);
  const client = createClient<Paths>({ baseUrl, headers, fetch: (request: Request) => transport(request) });
  client.use(...middleware);
  // Whether a middleware was ever added, here or by `use` later: one may send a request with a signal of its own.
  let hasMiddleware = middleware.length > 0;

  const base = client.request as unknown as RequestFn;
  const findOperation = operationIndex(operations);
  const record = options.recorder && bindRecorder(options.recorder, options);
  const request: RequestFn = async (method, url, init) => {
    const operation = findOperation(method, url);
    if (operation && validators && validateRequest) assertValidRequest(validators, operation, init);
    // The caller's own signal, or null for none; with a middleware the transport follows the request's own signal.
    const callerSignal =
      hasMiddleware || init?.middleware ? undefined : ((init?.signal as AbortSignal | null | undefined) ?? null);
    const transportFor = (req: Request) => transport(req, operation, callerSignal);
    if (!operation) {
      const send = (fetch: typeof transportFor) => base(method, url, { ...init, fetch });
      return record ? record({ operation, init, fetch: transportFor, send }) : send(transportFor);
    }
    let answered: Response | undefined;
    // Where no code of the caller's sees the request, it need not be a Request (see LightRequest).
    const light = callerSignal !== undefined && !options.fetch && !record && !init?.bodySerializer && !init?.Request;
    // The recorder sees every answer as it came; only then is it judged to be the API's or not.
    const send = (fetch: typeof transportFor) =>
      base(method, url, {
        ...withBodySerializer(operation, init),
        ...(light && { Request: LightRequest }),
        fetch: async (req: Request) => {
          answered = await fetch(req);
          return checkAnswer(operation, answered);
        },
      });
    let result: FetchResult;
    try {
      result = (await (record
        ? record({ operation, init, fetch: transportFor, send })
        : send(transportFor))) as FetchResult;
    } catch (error) {
      // openapi-fetch's JSON parse of a success failed: the body was not the API's JSON after all.
      if (error instanceof SyntaxError && answered) throw answerError(operation.operationId, answered, "not-json", "");
      throw error;
    }
    assertApiAnswer(operation, result);
    if (validators && validateResponse) assertValidResponse(validators, operation, result);
    return result;
  };
  const use: typeof client.use = (...added) => {
    hasMiddleware ||= added.length > 0;
    client.use(...added);
  };
  const wrapped: Record<string, unknown> = { ...client, use, request };
  for (const method of HTTP_METHODS) wrapped[method] = (url: string, init?: AnyInit) => request(method, url, init);
  return wrapped as unknown as ApiClient<Paths>;
}

function assertValidRequest(validators: Validators<OperationTable>, operation: OperationDescriptor, init: AnyInit) {
  const params = (init?.params ?? {}) as { path?: Record<string, unknown>; query?: Record<string, unknown> };
  const checkedParams = validators.validateRequestParams(operation.operationId, params);
  const checkedBody = validators.validateRequestBody(operation.operationId, init?.body);
  if (checkedParams.valid && checkedBody.valid) return;
  const errors = [
    ...(checkedParams.valid ? [] : checkedParams.errors),
    ...(checkedBody.valid ? [] : checkedBody.errors),
  ];
  throw new RequestValidationError(operation.operationId, errors);
}

/** A body openapi-fetch could not read as JSON (it keeps the text) or none at all, where the spec documents JSON. */
function assertApiAnswer(operation: OperationDescriptor, result: FetchResult): void {
  const { response } = result;
  if (!expectsJson(operation, response.status)) return;
  const body = response.ok ? result.data : result.error;
  if (body === undefined || body === "") throw answerError(operation.operationId, response, "empty-body", "");
  if (typeof body === "string") throw answerError(operation.operationId, response, "not-json", body);
}

function assertValidResponse(
  validators: Validators<OperationTable>,
  operation: OperationDescriptor,
  result: FetchResult,
) {
  const { status } = result.response;
  const body = result.data ?? result.error;
  const checked = validators.validateResponseBody(operation.operationId, status, body);
  if (!checked.valid) throw new ResponseValidationError(operation.operationId, status, body, checked.errors);
}

function withBodySerializer(operation: OperationDescriptor | undefined, init: AnyInit): AnyInit {
  if (!init || init.body === undefined || init.bodySerializer) return init;
  const contentType = operation?.requestBody?.contentType;
  if (contentType === "multipart/form-data") return { ...init, bodySerializer: toFormData };
  if (contentType === "application/x-www-form-urlencoded") {
    // openapi-fetch's default serializer form-encodes the body once it sees this content type.
    const headers = { "Content-Type": contentType, ...(init.headers as Record<string, string> | undefined) };
    return { ...init, headers };
  }
  return init;
}
