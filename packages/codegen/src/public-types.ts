import * as runtime from "@contracts/runtime";
import type { SpecModel } from "./spec-model.js";

/** The runtime's error classes (`ValidationError`, `HttpError`, …), read from the runtime itself. */
const ERROR_CLASS_NAMES: readonly string[] = Object.entries(runtime)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof Error)
  .map(([name]) => name);

/**
 * `types.gen.ts`: the types a package root exports, `paths` and `components` (openapi-fetch's convention) and one
 * name per component schema; openapi-typescript's other roots (`operations`, `webhooks`, `$defs`, the `Response*`
 * aliases of `components["responses"]`) stay in `schema.gen.ts`.
 */
export function renderTypesModule(model: SpecModel): string {
  const names = model.schemas.map((s) => s.name).sort((a, b) => a.localeCompare(b));
  // a schema that reads like an error class beside it (`ValidationErrorResponse`) keeps only its `components` path.
  const confusable = (name: string) => ERROR_CLASS_NAMES.some((error) => name.includes(error));
  const exported = names.filter((name) => !confusable(name));
  const withheld = names.filter(confusable);
  const lines = [
    "/** The spec's types for the package root: `paths`, `components` and one name per component schema. */",
    `export type { components, paths${exported.map((name) => `, ${name}`).join("")} } from "./schema.gen.js";`,
  ];
  if (withheld.length) {
    lines.push(
      "",
      "// Not exported by name, so no schema reads like an error class beside it; reach them through `components`:",
      ...withheld.map((name) => `// components["schemas"]["${name}"]`),
    );
  }
  return `${lines.join("\n")}\n`;
}
