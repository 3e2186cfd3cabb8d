// The public surface, covered by semver and by api/index.api.md: the client, what handling its errors and recording
// its traffic take (so an app needs no direct dependency on @contracts/runtime), the helpers and the schema types.
// Tables, enum lists, lifecycles and assumptions are in ./spec.
export {
  AuthenticationError,
  type ClientError,
  ContractError,
  createHarRecorder,
  errorBodyMessage,
  type HarEntry,
  type HarRecorder,
  type HarRecorderOptions,
  type HarRecorderStats,
  type HarSink,
  HttpError,
  isContractError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  type RetryPolicy,
  TimeoutError,
  type TokenProvider,
  type TokenSource,
  UnknownStatusError,
  unwrap,
  ValidationError,
  type ValidationIssue,
} from "@contracts/runtime";
export { createUpmobileClient, type UpmobileClient, type UpmobileClientOptions } from "./client.js";
export type * from "./generated/types.gen.js";
export { type PaginateAccountsOptions, paginateAccounts } from "./pagination.js";
export { isTerminalStatus, type WaitForOperationOptions, waitForOperation } from "./polling.js";
