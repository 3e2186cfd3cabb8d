export {
  authorizationValue,
  isTokenProvider,
  resolveToken,
  type TokenProvider,
  type TokenSource,
} from "./auth.js";
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
export { toFormData } from "./multipart.js";
export {
  type FileFieldDescriptor,
  findOperation,
  type OperationDescriptor,
  type OperationTable,
} from "./operation-table.js";
export { type Page, type PaginateOptions, paginate } from "./paginate.js";
export { unwrap } from "./result.js";
export { backoffDelay, parseRetryAfter, sleep } from "./timing.js";
export { createTransport, type RetryPolicy, type TransportOptions } from "./transport.js";
export {
  type CompiledValidator,
  checkFiles,
  createAssertion,
  createGuard,
  createValidators,
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type SchemaChecks,
  type ValidationResult,
  type Validators,
  type ValidatorTables,
} from "./validation.js";
