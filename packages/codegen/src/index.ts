export { type LoadedApi, loadApi, loadApis } from "./api-model.js";
export { auditGeneratedSource } from "./audit.js";
export { banner } from "./banner.js";
export { type GeneratedFile, generateApi, writeGenerated } from "./generate.js";
export { loadSpec, type OpenApiDocument } from "./load-spec.js";
export { pointerSegment, valueAtPointer } from "./pointer.js";
export { createSpecLocator, type SpecLocation } from "./spec-locator.js";
export { describeAssumptions, openEnumPointers } from "./spec-markers.js";
export { auditExportedTypes } from "./type-audit.js";
export { generateTypes } from "./types.js";
export {
  addSpecFormats,
  compileValidators,
  createSchemaTranslator,
  GENERATED_AJV_OPTIONS,
  type SchemaView,
  SPEC_AJV_OPTIONS,
} from "./validators.js";
export { type ApiEntry, apiEnvName, findRepositoryRoot, readApis } from "./workspace.js";
