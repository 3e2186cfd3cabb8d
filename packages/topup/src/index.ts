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
export { createTopupClient, type TopupClient, type TopupClientOptions } from "./client.js";
export type * from "./generated/types.gen.js";
export { paginateTopupRequests, type TopupInquiryFilters } from "./pagination.js";
export { createTopupTokenProvider, type TopupCredentials } from "./token-provider.js";
