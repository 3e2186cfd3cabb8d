// `@contracts/runtime/validation`: what the generated validators are built from.
export { checkFiles } from "./files.js";
export {
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type ValidationIssue,
  withoutBranchErrors,
} from "./issues.js";
export { fieldLabel, segments, valueAt } from "./pointer.js";
export {
  assertValid,
  type CompiledValidator,
  createValidators,
  type ValidationResult,
  type Validators,
  type ValidatorTables,
} from "./validators.js";
