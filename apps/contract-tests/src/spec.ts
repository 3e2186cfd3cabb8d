import { findRepositoryRoot, loadSpec, type OpenApiDocument, readApis } from "@contracts/codegen";

type Json = Record<string, unknown>;

export type ApiName = "upmobile" | "topup";

/** One documented operation × status, as the coverage table lists them. */
export interface DocumentedResponse {
  api: ApiName;
  operationId: string;
  status: string;
}

export interface OperationModel {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  operation: Json;
}

const documents = new Map<ApiName, Promise<OpenApiDocument>>();

/** The dereferenced spec of an API (every $ref inlined), loaded once per test file. */
export function spec(api: ApiName): Promise<OpenApiDocument> {
  let document = documents.get(api);
  if (!document) {
    const entry = readApis(findRepositoryRoot(import.meta.dirname)).find((a) => a.alias === api);
    if (!entry) throw new Error(`redocly.yaml names no API "${api}".`);
    document = loadSpec(entry.specPath, true);
    documents.set(api, document);
  }
  return document;
}

export async function operations(api: ApiName): Promise<OperationModel[]> {
  const document = await spec(api);
  const found: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item) as Array<[string, Json]>) {
      if (typeof operation?.operationId !== "string") continue;
      found.push({ api, operationId: operation.operationId, method: method.toUpperCase(), path, operation });
    }
  }
  return found;
}

export async function operation(api: ApiName, operationId: string): Promise<OperationModel> {
  const found = (await operations(api)).find((o) => o.operationId === operationId);
  if (!found) throw new Error(`${api} has no operation ${operationId}.`);
  return found;
}

/** Every documented operation × status of both specs. */
export async function documentedResponses(): Promise<DocumentedResponse[]> {
  const all: DocumentedResponse[] = [];
  for (const api of ["upmobile", "topup"] as const) {
    for (const op of await operations(api)) {
      for (const status of Object.keys((op.operation.responses as Json) ?? {})) {
        all.push({ api, operationId: op.operationId, status });
      }
    }
  }
  return all;
}

/** The media type documented for a status, or null when the response has no body. */
export function documentedMediaType(op: OperationModel, status: number): string | null | undefined {
  const response = (op.operation.responses as Record<string, Json> | undefined)?.[String(status)];
  if (!response) return undefined;
  return Object.keys((response.content as Json | undefined) ?? {})[0] ?? null;
}

/** The request body's schema and its named examples. */
export function requestBody(op: OperationModel): { schema: Json; examples: Array<{ name: string; value: Json }> } {
  const media = Object.values(
    ((op.operation.requestBody as Json | undefined)?.content as Record<string, Json>) ?? {},
  )[0];
  if (!media) throw new Error(`${op.operationId} has no request body.`);
  const examples = Object.entries((media.examples as Record<string, { value: Json }>) ?? {}).map(([name, e]) => ({
    name,
    value: e.value,
  }));
  return { schema: media.schema as Json, examples };
}

/** The parameters of an operation, with their schemas and first example. */
export function parameters(
  op: OperationModel,
): Array<{ name: string; in: string; required: boolean; schema: Json; example: unknown }> {
  return ((op.operation.parameters as Json[] | undefined) ?? []).map((p) => ({
    name: p.name as string,
    in: p.in as string,
    required: p.required === true,
    schema: (p.schema as Json) ?? {},
    example: p.example ?? Object.values((p.examples as Record<string, { value: unknown }>) ?? {})[0]?.value,
  }));
}
