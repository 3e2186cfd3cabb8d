export { createUpmobileClient, type UpmobileClient, type UpmobileClientOptions } from "./client.js";
export * from "./generated/operations.gen.js";
export type * from "./generated/schema.gen.js";
export { type PaginateAccountsOptions, paginateAccounts } from "./pagination.js";
export { isTerminalStatus, type WaitForOperationOptions, waitForOperation } from "./polling.js";
