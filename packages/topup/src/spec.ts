// What a consumer reads of the spec beside the client: the operation table, enum lists, lifecycles and assumptions,
// and the types that describe them; covered by semver like the root, and by api/spec.api.md.
export type {
  FileFieldDescriptor,
  OperationDescriptor,
  OperationTable,
  ParameterDescriptor,
} from "@contracts/runtime/internal";
export * from "./generated/operations.gen.js";
export type { operations } from "./generated/schema.gen.js";
