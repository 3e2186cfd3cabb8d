import { HttpError } from "./errors.js";

/**
 * The data of a successful openapi-fetch result, or an HttpError carrying the status and the typed error body.
 * For callers who prefer exceptions to `{ data, error }`.
 */
export function unwrap<T>(operationId: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new HttpError(operationId, result.response.status, result.error);
}
