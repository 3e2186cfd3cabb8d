import type { ApiClient, ApiClientOptions } from "@contracts/runtime";
import { createApiClient } from "@contracts/runtime/internal";
import { operationTable } from "./generated/operations.gen.js";
import type { paths } from "./generated/schema.gen.js";
import * as validators from "./generated/validators.gen.js";

/**
 * An openapi-fetch client typed by the Topup spec. `POST /topup/request/` takes the form as a plain object
 * (the proof as a Blob or File) and sends it as multipart/form-data.
 */
export type TopupClient = ApiClient<paths>;

/** Options for {@link createTopupClient}; the token is sent as `Authorization: Bearer <token>`. */
export type TopupClientOptions = ApiClientOptions;

/** Creates a typed Topup client. */
export function createTopupClient(options: TopupClientOptions): TopupClient {
  return createApiClient<paths>(operationTable, options, validators);
}
