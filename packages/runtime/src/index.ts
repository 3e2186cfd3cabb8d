// The public surface: what the generated client packages build on, and what their users handle. Everything else
// (the transport's parts, timing, multipart, the validation internals) stays inside, tested through its own files.
export type { TokenProvider, TokenSource } from "./auth.js";
export { type ApiClientOptions, createApiClient } from "./client.js";
export type { ApiClient, ApiResponse } from "./client-types.js";
export {
  AuthenticationError,
  type ClientError,
  ContractError,
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
export type {
  BodyBranchFacts,
  ComponentSchemaFacts,
  ExampleFacts,
  FileFieldDescriptor,
  OperationDescriptor,
  OperationFacts,
  OperationTable,
  ParameterDescriptor,
  SchemaFacts,
  SpecFacts,
} from "./operation-table.js";
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
export { hashedMarker, isRedactedValue, REDACTED } from "./recording/redaction-markers.js";
export { unwrap } from "./result.js";
export { sleep } from "./timing.js";
export type { RetryPolicy } from "./transport.js";
export type { ValidationResult, Validators } from "./validation/index.js";
