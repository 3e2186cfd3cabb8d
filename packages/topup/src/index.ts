export { createTopupClient, type TopupClient, type TopupClientOptions } from "./client.js";
export * from "./generated/operations.gen.js";
export type * from "./generated/schema.gen.js";
export { paginateTopupRequests, type TopupInquiryFilters } from "./pagination.js";
export { createPaymobTokenProvider, type PaymobCredentials } from "./token-provider.js";
