// Note: what handling this client's errors and recording its traffic take, so an app needs no direct dependency on
// @contracts/runtime.
export {
  AuthenticationError,
  type ClientError,
  ContractError,
  createHarRecorder,
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
export * from "./generated/operations.gen.js";
export type * from "./generated/schema.gen.js";
export { type PaginateAccountsOptions, paginateAccounts } from "./pagination.js";
export { isTerminalStatus, type WaitForOperationOptions, waitForOperation } from "./polling.js";
