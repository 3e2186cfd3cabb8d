export { type AuthorizationOptions, authorizationMiddleware, type TokenSource } from "./auth.js";
export { type ApiClientOptions, createApiClient } from "./client.js";
export { toFormData } from "./multipart.js";
export {
  type FileFieldDescriptor,
  findOperation,
  type OperationDescriptor,
  type OperationTable,
} from "./operation-table.js";
