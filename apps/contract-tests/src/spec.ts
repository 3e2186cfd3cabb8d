import {
  createSpecLocator,
  findRepositoryRoot,
  loadSpec,
  type OpenApiDocument,
  readApis,
  type SpecLocation,
  valueAtPointer,
} from "@contracts/codegen";
import type { OperationFacts, OperationTable, SpecFacts } from "@contracts/runtime";
import { specAssumptions as topupAssumptions, operationTable as topupOperations } from "@contracts/topup";
import { specFacts as topupFacts } from "@contracts/topup/spec";
import { specAssumptions as upmobileAssumptions, operationTable as upmobileOperations } from "@contracts/upmobile";
import { specFacts as upmobileFacts } from "@contracts/upmobile/spec";

export type Json = Record<string, unknown>;

export type ApiName = "upmobile" | "topup";
export const API_NAMES: readonly ApiName[] = ["upmobile", "topup"];

/**
 * Each API's generated facts: its operation table, the spec's `x-assumed` markers, and what tools need of the spec
 * (pointers, parameters, body forms, examples). The suite reads the spec through these, and through Ajv.
 */
const GENERATED: Record<
  ApiName,
  { operations: OperationTable; assumptions: Readonly<Record<string, string>>; facts: SpecFacts }
> = {
  upmobile: { operations: upmobileOperations, assumptions: upmobileAssumptions, facts: upmobileFacts },
  topup: { operations: topupOperations, assumptions: topupAssumptions, facts: topupFacts },
};

/** One operation as the cases need it: how to call it, where it is in the spec, and its generated facts. */
export interface OperationModel {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object, e.g. `/paths/~1accounts/get`. */
  pointer: string;
  facts: OperationFacts;
}

/** Everything the suite knows of one API's spec. */
export interface SpecContext {
  api: ApiName;
  /** The bundled spec: one document, internal `$ref`s kept, so pointers are those of the hand-written file. */
  document: OpenApiDocument;
  operations: OperationTable;
  /** The spec file and line of a pointer. */
  locate(pointer: string): SpecLocation;
  /** Why the part at a pointer is assumed (`x-assumed` on it, on an ancestor, or on what it references), or null. */
  assumption(pointer: string): string | null;
  operation(operationId: string): OperationModel;
}

const contexts = new Map<ApiName, Promise<SpecContext>>();

/** The spec context of an API, loaded once per process. */
export function specContext(api: ApiName): Promise<SpecContext> {
  let context = contexts.get(api);
  if (!context) {
    context = load(api);
    contexts.set(api, context);
  }
  return context;
}

async function load(api: ApiName): Promise<SpecContext> {
  const entry = readApis(findRepositoryRoot(import.meta.dirname)).find((a) => a.alias === api);
  if (!entry) throw new Error(`redocly.yaml names no API "${api}".`);
  // Note: the strict reader compiles the document as written; the locator finds a pointer's line in the file.
  const document = await loadSpec(entry.specPath);
  const locate = createSpecLocator(entry.specPath, entry.specRelativePath);
  const { operations, assumptions, facts } = GENERATED[api];

  const assumption = (pointer: string): string | null => {
    for (let at = pointer; ; at = at.slice(0, at.lastIndexOf("/"))) {
      const why = assumptions[at];
      if (why !== undefined) return why;
      if (at === "") break;
    }
    const node = valueAtPointer(document, pointer) as Json | undefined;
    if (typeof node?.$ref === "string") return assumption(node.$ref.replace(/^#/, ""));
    return null;
  };

  const models = new Map<string, OperationModel>();
  for (const op of Object.values(operations)) {
    const opFacts = facts.operations[op.operationId];
    if (!opFacts) throw new Error(`${api}: the spec facts lack ${op.operationId}; regenerate (pnpm generate).`);
    models.set(op.operationId, { api, ...op, pointer: opFacts.pointer, facts: opFacts });
  }
  const operation = (operationId: string): OperationModel => {
    const found = models.get(operationId);
    if (!found) throw new Error(`${api} has no operation ${operationId}.`);
    return found;
  };

  return { api, document, operations, locate, assumption, operation };
}

const routes = new Map<ApiName, Array<{ method: string; pattern: RegExp; operationId: string }>>();

/** The operation a concrete request calls (`GET /operations/0e8f…` → GetOperation), or null for an unknown path. */
export function operationForRequest(api: ApiName, method: string, path: string): string | null {
  let table = routes.get(api);
  if (!table) {
    table = Object.values(GENERATED[api].operations).map((op) => {
      const escaped = op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
      return { method: op.method, pattern: new RegExp(`^${escaped}$`), operationId: op.operationId };
    });
    routes.set(api, table);
  }
  const upper = method.toUpperCase();
  return table.find((route) => route.method === upper && route.pattern.test(path))?.operationId ?? null;
}

/** The operation × documented status pairs of every API, from the generated operation tables. */
export function documentedResponses(): Array<{ api: ApiName; operationId: string; status: string }> {
  return API_NAMES.flatMap((api) =>
    Object.values(GENERATED[api].operations).flatMap((op) =>
      Object.keys(op.responses).map((status) => ({ api, operationId: op.operationId, status })),
    ),
  );
}

/** The documented response of an operation for an observed status (exact, `4XX`-style range, or `default`). */
export function documentedStatus(spec: SpecContext, operationId: string, status: number): string | null {
  const { responses } = spec.operations[operationId] ?? { responses: {} };
  const code = String(status);
  for (const key of [code, `${code[0]}XX`, "default"]) if (Object.hasOwn(responses, key)) return key;
  return null;
}

/** A documented response: where it is, its media type and schema, its examples. */
export function response(op: OperationModel, status: string) {
  const found = op.facts.responses[status];
  if (!found) throw new Error(`${op.operationId} documents no ${status}.`);
  return found;
}

/** The request body's forms (each branch of a root oneOf) and its named examples. */
export function requestBody(op: OperationModel) {
  const body = op.facts.requestBody;
  if (!body) throw new Error(`${op.operationId} has no request body.`);
  return { ...body, examples: body.examples.map((e) => ({ name: e.name, value: e.value as Json })) };
}

/** The parameters of an operation, with their rules, first example and pointer. */
export function parameters(op: OperationModel) {
  return op.facts.parameters;
}
