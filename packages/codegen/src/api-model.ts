import { join } from "node:path";
import type { OperationTable } from "@contracts/runtime/internal";
import { loadSpec, type OpenApiDocument } from "./load-spec.js";
import { operationTableOf } from "./operations.js";
import { describeFacts, type SpecFacts } from "./spec-facts.js";
import { readSpec } from "./spec-model.js";
import { type ApiEntry, readApis } from "./workspace.js";

/**
 * One API as the tools (mocks, docs, contract suite) see it: the same operation table, facts and assumptions that
 * `pnpm generate` writes into its package, built by the same functions from the one reading of its spec.
 */
export interface LoadedApi extends ApiEntry {
  /** The spec bundled into one document with its internal `$ref`s kept, so pointers are the hand-written file's. */
  document: OpenApiDocument;
  operations: OperationTable;
  facts: SpecFacts;
  /** `x-assumed` markers: JSON pointer → why. */
  assumptions: Readonly<Record<string, string>>;
  /** The pointers of the enums marked `x-open-enum`, for `generateTypes`. */
  openEnums: readonly string[];
}

/** Reads one API of the registry. */
export async function loadApi(entry: ApiEntry): Promise<LoadedApi> {
  const model = readSpec(await loadSpec(entry.specPath));
  return {
    ...entry,
    document: model.document,
    operations: operationTableOf(model),
    facts: describeFacts(model, entry.alias, entry.specRelativePath),
    assumptions: model.assumptions,
    openEnums: model.openEnums,
  };
}

/** Reads every API the registry (`redocly.yaml` under `root`) names, in its order. */
export function loadApis(root: string): Promise<LoadedApi[]> {
  return Promise.all(readApis(root).map(loadApi));
}

/** Reads the one API of the registry under `root` with this alias; throws naming the alias when there is none. */
export async function loadApiNamed(root: string, alias: string): Promise<LoadedApi> {
  const entry = readApis(root).find((api) => api.alias === alias);
  if (!entry) throw new Error(`${join(root, "redocly.yaml")} names no API "${alias}".`);
  return loadApi(entry);
}
