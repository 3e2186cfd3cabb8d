import {
  createSpecLocator,
  findRepositoryRoot,
  type LoadedApi,
  loadApis,
  type OpenApiDocument,
  type OperationFacts,
  type SpecLocation,
  valueAtPointer,
} from "@contracts/codegen/registry";
import type { OperationDescriptor, OperationTable } from "@contracts/runtime/internal";

export type Json = Record<string, unknown>;

/** An API's alias in the registry (`redocly.yaml`): `upmobile`, `topup`, … */
export type ApiName = string;

/** The repository this suite belongs to; its `redocly.yaml` names the APIs under test. */
export const REPOSITORY_ROOT = findRepositoryRoot(import.meta.dirname);

/** One operation as the cases need it: how to call it, where it is in the spec, and its generated facts. */
export interface OperationModel {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object, e.g. `/paths/~1accounts/get`. */
  pointer: string;
  requestBody: OperationDescriptor["requestBody"];
  facts: OperationFacts;
}

/** Everything the suite knows of one API's spec, from the registry: its operation table, facts and markers. */
export interface SpecContext {
  api: ApiName;
  /** The registry it comes from, to find the other APIs a case may call. */
  registry: Registry;
  /** The bundled spec: one document, internal `$ref`s kept, so pointers are those of the hand-written file. */
  document: OpenApiDocument;
  operations: OperationTable;
  /** The spec file and line of a pointer. */
  locate(pointer: string): SpecLocation;
  /** Why the part at a pointer is assumed (`x-assumed` on it, on an ancestor, or on what it references), or null. */
  assumption(pointer: string): string | null;
  operation(operationId: string): OperationModel;
  /** The operation a concrete request calls (`GET /operations/0e8f…`), with its path parameters as sent; null if none. */
  matchOperation(method: string, path: string): { operationId: string; pathParams: Record<string, string> } | null;
}

/** The APIs of one registry (a repository's `redocly.yaml`), each read once. */
export interface Registry {
  apis: readonly ApiName[];
  spec(api: ApiName): SpecContext;
  /** The operation × documented status pairs of every API. */
  documentedResponses(): Array<{ api: ApiName; operationId: string; status: string }>;
}

const registries = new Map<string, Promise<Registry>>();

/** The registry under `root` (this repository's by default), loaded once per process. */
export function openRegistry(root: string = REPOSITORY_ROOT): Promise<Registry> {
  let registry = registries.get(root);
  if (!registry) {
    registry = loadApis(root).then((apis) => {
      const contexts = new Map<ApiName, SpecContext>();
      const result: Registry = {
        apis: apis.map((a) => a.alias),
        spec(api) {
          const found = contexts.get(api);
          if (!found) throw new Error(`The registry at ${root} names no API "${api}" (see its redocly.yaml).`);
          return found;
        },
        documentedResponses: () =>
          apis.flatMap((api) =>
            Object.values(api.operations).flatMap((op) =>
              Object.keys(op.responses).map((status) => ({ api: api.alias, operationId: op.operationId, status })),
            ),
          ),
      };
      for (const api of apis) contexts.set(api.alias, contextOf(api, result));
      return result;
    });
    registries.set(root, registry);
  }
  return registry;
}

/** The spec context of one API of this repository's registry. */
export async function specContext(api: ApiName): Promise<SpecContext> {
  return (await openRegistry()).spec(api);
}

function contextOf(loaded: LoadedApi, registry: Registry): SpecContext {
  const { alias: api, document, operations, facts, assumptions } = loaded;
  // the strict reader compiles the document as written; the locator finds a pointer's line in the file.
  const locate = createSpecLocator(loaded.specPath, loaded.specRelativePath);

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
    if (!opFacts) throw new Error(`${api}: the spec facts lack ${op.operationId}.`);
    models.set(op.operationId, { api, ...op, pointer: opFacts.pointer, facts: opFacts });
  }
  const operation = (operationId: string): OperationModel => {
    const found = models.get(operationId);
    if (!found) throw new Error(`${api} has no operation ${operationId}.`);
    return found;
  };

  // An exact path wins over a template, as OpenAPI orders them; paths are compiled once, not per request.
  const routes = Object.values(operations)
    .map((op) => ({
      method: op.method,
      operationId: op.operationId,
      names: [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
      pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)")}$`),
    }))
    .sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0));
  const matchOperation = (method: string, path: string) => {
    for (const route of routes) {
      const match = route.method === method.toUpperCase() ? route.pattern.exec(path) : null;
      if (match) {
        const pathParams = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] as string]));
        return { operationId: route.operationId, pathParams };
      }
    }
    return null;
  };
  return { api, registry, document, operations, locate, assumption, operation, matchOperation };
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
