// What tools read of the spec (the operation table, enum lists, lifecycles, assumptions, facts) and the types that
// describe them, apart from the client's root; covered by semver like the root, and by api/spec.api.md.
export type {
  BodyBranchFacts,
  ComponentSchemaFacts,
  ExampleFacts,
  FileFieldDescriptor,
  OperationDescriptor,
  OperationFacts,
  OperationTable,
  ParameterDescriptor,
  SchemaFacts,
  SpecFacts,
} from "@contracts/runtime/internal";
export * from "./generated/operations.gen.js";
export type { operations } from "./generated/schema.gen.js";
export { specFacts } from "./generated/spec.gen.js";
