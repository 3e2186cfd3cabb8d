export { type AuthorizationOptions, authorizationMiddleware, type TokenSource } from "./auth.js";
export { type ApiClientOptions, createApiClient } from "./client.js";
export {
  ContractError,
  RequestValidationError,
  ResponseValidationError,
  ValidationError,
  type ValidationIssue,
} from "./errors.js";
export { toFormData } from "./multipart.js";
export {
  type FileFieldDescriptor,
  findOperation,
  type OperationDescriptor,
  type OperationTable,
} from "./operation-table.js";
export {
  type CompiledValidator,
  checkFiles,
  createAssertion,
  createGuard,
  createValidators,
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type ValidationResult,
  type Validators,
  type ValidatorTables,
} from "./validation.js";
