import type { ApiClient, ApiClientOptions } from "@contracts/runtime";
import { createApiClient } from "@contracts/runtime/internal";
import { operationTable } from "./generated/operations.gen.js";
import type { paths } from "./generated/schema.gen.js";
import * as validators from "./generated/validators.gen.js";

/** An openapi-fetch client typed by the Upmobile spec: `client.GET("/accounts", { params: { query } })`. */
export type UpmobileClient = ApiClient<paths>;

/**
 * Options for {@link createUpmobileClient}. The token goes in the `Authorization` header as `Bearer <token>`;
 * set `authorizationScheme: null` to send the raw token (the provider has not confirmed which it expects).
 */
export type UpmobileClientOptions = ApiClientOptions;

/** Creates a typed Upmobile client. */
export function createUpmobileClient(options: UpmobileClientOptions): UpmobileClient {
  return createApiClient<paths>(operationTable, options, validators);
}
