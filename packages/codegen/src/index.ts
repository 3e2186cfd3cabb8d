// `@contracts/codegen`: the generators (`pnpm generate`) and their audits, beside everything of `./registry`.

export { auditGeneratedSource } from "./audit.js";
export { type GeneratedFile, generateApi, writeGenerated } from "./generate.js";
export { loadSpec } from "./load-spec.js";
export * from "./registry.js";
export { auditExportedTypes } from "./type-audit.js";
export { generateTypes } from "./types.js";
