// `@contracts/runtime/internal`: what generated code and this repository's tools (mocks, sandbox, contract suite,
// docs, bench) import. Not covered by semver and left out of the API reports: it may change in any release.

export { createApiClient } from "./client.js";
export { errorBodyParts } from "./errors.js";
export * from "./internal-validation.js";
export type {
  FileFieldDescriptor,
  OperationDescriptor,
  OperationTable,
  ParameterDescriptor,
} from "./operation-table.js";
export { HTTP_METHODS } from "./operation-table.js";
export { createHarEntryRedactor, type HarEntryRedactorOptions } from "./recording/redact-entry.js";
export { sleep } from "./timing.js";
