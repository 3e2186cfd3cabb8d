// `@contracts/runtime/internal/validation`: what the generated validators import, and nothing more, so that importing
// a package's `./validators` loads no client, transport or recorder. Outside semver like `./internal`, which
// re-exports it.
export * from "./ajv-helpers.js";
export { checkFiles } from "./validation/files.js";
export {
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type ValidationIssue,
  withoutBranchErrors,
} from "./validation/issues.js";
export { fieldLabel, segments, valueAt } from "./validation/pointer.js";
export {
  assertValid,
  type CompiledValidator,
  createValidators,
  type ValidationResult,
  type Validators,
  type ValidatorTables,
} from "./validation/validators.js";
