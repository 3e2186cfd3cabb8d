import { HttpError } from "./errors.js";
import { parseRetryAfter } from "./timing.js";

/**
 * The data of a successful openapi-fetch result, or an HttpError carrying the status, the typed error body and the
 * wait a 429 or 503 asked for. For callers who prefer exceptions to `{ data, error }`.
 */
export function unwrap<T>(operationId: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const retryAfterMs = parseRetryAfter(result.response.headers.get("retry-after"));
  throw new HttpError(
    operationId,
    result.response.status,
    result.error,
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );
}
