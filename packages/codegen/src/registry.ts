// `@contracts/codegen/registry`: the registry's APIs read as the tools see them (operation tables, facts, spec
// locations, the strict Ajv setup), without the generators, so a reader of specs does not load the TypeScript
// compiler.
export { type LoadedApi, loadApi, loadApiNamed, loadApis } from "./api-model.js";
export type { OpenApiDocument } from "./load-spec.js";
export { pointerSegment, valueAtPointer } from "./pointer.js";
export type {
  BodyBranchFacts,
  ComponentSchemaFacts,
  ExampleFacts,
  OperationFacts,
  RequestBodyFacts,
  ResponseFacts,
  SchemaFacts,
  SpecFacts,
} from "./spec-facts.js";
export { createSpecLocator, type SpecLocation } from "./spec-locator.js";
export { addSpecFormats, compileValidators, SPEC_AJV_OPTIONS } from "./validators.js";
export { type ApiEntry, apiEnvName, findRepositoryRoot, readApis } from "./workspace.js";
