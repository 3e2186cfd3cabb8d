import {
  createSpecLocator,
  findRepositoryRoot,
  loadSpec,
  type OpenApiDocument,
  pointerSegment,
  readApis,
  type SpecLocation,
  valueAtPointer,
} from "@contracts/codegen";
import type { OperationTable } from "@contracts/runtime";
import { specAssumptions as topupAssumptions, operationTable as topupOperations } from "@contracts/topup";
import { specAssumptions as upmobileAssumptions, operationTable as upmobileOperations } from "@contracts/upmobile";

export type Json = Record<string, unknown>;

export type ApiName = "upmobile" | "topup";
export const API_NAMES: readonly ApiName[] = ["upmobile", "topup"];

/** Each API's generated facts: its operation table and the spec's `x-assumed` markers. */
const GENERATED: Record<ApiName, { operations: OperationTable; assumptions: Readonly<Record<string, string>> }> = {
  upmobile: { operations: upmobileOperations, assumptions: upmobileAssumptions },
  topup: { operations: topupOperations, assumptions: topupAssumptions },
};

/** One operation of a spec as the cases need it: its generated descriptor, and where it sits in the spec. */
export interface OperationModel {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object, e.g. `/paths/~1accounts/get`. */
  pointer: string;
  operation: Json;
}

/** A node of the spec with the JSON pointer it lives at (after following `$ref`s). */
export interface Located<T = Json> {
  node: T;
  pointer: string;
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
  /** Follows `$ref`s from a node at a pointer to what they name. */
  resolve(node: unknown, pointer: string): Located;
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
  const document = await loadSpec(entry.specPath);
  const locate = createSpecLocator(entry.specPath, entry.specRelativePath);
  const { operations, assumptions } = GENERATED[api];

  const resolve = (node: unknown, pointer: string): Located => {
    let current: Located = { node: node as Json, pointer };
    for (let hops = 0; typeof current.node?.$ref === "string" && hops < 20; hops++) {
      const target = (current.node.$ref as string).replace(/^#/, "");
      current = { node: valueAtPointer(document, target) as Json, pointer: target };
    }
    return current;
  };

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
    const pointer = `/paths/${pointerSegment(op.path)}/${op.method.toLowerCase()}`;
    models.set(op.operationId, {
      api,
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      pointer,
      operation: valueAtPointer(document, pointer) as Json,
    });
  }
  const operation = (operationId: string): OperationModel => {
    const found = models.get(operationId);
    if (!found) throw new Error(`${api} has no operation ${operationId}.`);
    return found;
  };

  return { api, document, operations, locate, assumption, resolve, operation };
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

/** The response object of a documented status, references followed. */
export function responseAt(spec: SpecContext, op: OperationModel, status: string): Located {
  const pointer = `${op.pointer}/responses/${pointerSegment(status)}`;
  return spec.resolve(valueAtPointer(spec.document, pointer), pointer);
}

/** The request body's media type object: its schema and named examples, with pointers. */
export function requestBody(
  spec: SpecContext,
  op: OperationModel,
): { schema: Located; examples: Array<{ name: string; value: Json }> } {
  const body = spec.resolve(op.operation.requestBody, `${op.pointer}/requestBody`);
  const [mediaType, media] = Object.entries((body.node?.content as Record<string, Json>) ?? {})[0] ?? [];
  if (!mediaType || !media) throw new Error(`${op.operationId} has no request body.`);
  const schemaPointer = `${body.pointer}/content/${pointerSegment(mediaType)}/schema`;
  const examples = Object.entries((media.examples as Record<string, Json>) ?? {}).map(([name, example]) => ({
    name,
    value: spec.resolve(example, "").node.value as Json,
  }));
  return { schema: spec.resolve(media.schema, schemaPointer), examples };
}

/** The parameters of an operation, with their schemas, first example and pointer. */
export function parameters(
  spec: SpecContext,
  op: OperationModel,
): Array<{ name: string; in: string; schema: Json; example: unknown; pointer: string }> {
  return ((op.operation.parameters as Json[] | undefined) ?? []).map((raw, index) => {
    const { node, pointer } = spec.resolve(raw, `${op.pointer}/parameters/${index}`);
    const schema = spec.resolve(node.schema, `${pointer}/schema`).node;
    const example = node.example ?? Object.values((node.examples as Record<string, Json>) ?? {})[0]?.value;
    return { name: node.name as string, in: node.in as string, schema, example, pointer };
  });
}
