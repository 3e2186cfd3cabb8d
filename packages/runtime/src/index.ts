// The public surface, covered by semver and by api/index.api.md: what the client packages re-export and their users
// handle. What only generated code and this repository's tools need lives in ./internal, outside that promise.
export type { TokenProvider, TokenSource } from "./auth.js";
export type { ApiClientOptions } from "./client.js";
export type { ApiClient, ApiResponse } from "./client-types.js";
export {
  AuthenticationError,
  type ClientError,
  ContractError,
  errorBodyMessage,
  HttpError,
  isContractError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  UnknownStatusError,
  ValidationError,
  type ValidationIssue,
} from "./errors.js";
export { type Page, type PaginateOptions, paginate } from "./paginate.js";
export type {
  HarContent,
  HarEntry,
  HarLog,
  HarNameValue,
  HarParam,
  HarPostData,
  HarRequest,
  HarResponse,
  HarTimings,
} from "./recording/har.js";
export {
  createHarRecorder,
  type HarRecorder,
  type HarRecorderOptions,
  type HarRecorderStats,
  type HarSink,
} from "./recording/recorder.js";
export { isRedactedValue, REDACTED } from "./recording/redaction-markers.js";
export { unwrap } from "./result.js";
export type { RetryPolicy } from "./transport.js";
export type { ValidationResult } from "./validation/validators.js";
