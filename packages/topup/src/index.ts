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
export { createTopupClient, type TopupClient, type TopupClientOptions } from "./client.js";
export * from "./generated/operations.gen.js";
export type * from "./generated/schema.gen.js";
export { paginateTopupRequests, type TopupInquiryFilters } from "./pagination.js";
export { createTopupTokenProvider, type TopupCredentials } from "./token-provider.js";
