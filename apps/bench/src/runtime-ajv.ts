/**
 * The "no codegen" alternative: read each spec at start-up, dereference it and let Ajv compile the request and
 * response schemas at run time. Only the compiling differs from the generated validators: Ajv gets codegen's
 * options and string formats, the operation table comes from `loadApis` (built from the spec by the same code as
 * `operations.gen.ts`), and the runtime's own `createValidators` wraps the compiled functions, so error sentences,
 * file checks and status lookup are the very code the generated validators run.
 */
import {
  addSpecFormats,
  createSchemaTranslator,
  findRepositoryRoot,
  GENERATED_AJV_OPTIONS,
  type LoadedApi,
  loadApis,
  loadSpec,
  type SchemaView,
  valueAtPointer,
} from "@contracts/codegen";
import type { OperationTable } from "@contracts/runtime/internal";
import {
  type CompiledValidator,
  createValidators,
  type DiscriminatorDescriptor,
  type Validators,
} from "@contracts/runtime/internal";
import { Ajv } from "ajv";

type Json = Record<string, unknown>;

/** What the bench measures of each API: request bodies by operationId, responses by operationId and status. */
const MEASURED = {
  upmobile: { requests: ["InitWithdrawal"], responses: [["GetAccounts", "200"]] },
  topup: { requests: ["CreateTopupRequest"], responses: [] },
} as const satisfies Record<
  string,
  { requests: readonly string[]; responses: ReadonlyArray<readonly [string, string]> }
>;

type ApiName = keyof typeof MEASURED;

/** An Ajv with the generated validators' options and string formats. */
function newAjv(): Ajv {
  const ajv = new Ajv(GENERATED_AJV_OPTIONS);
  addSpecFormats(ajv);
  return ajv;
}

/** One API's request and response validators, compiled at run time for the operations the bench measures. */
async function compileApi(api: LoadedApi, measured: (typeof MEASURED)[ApiName]): Promise<Validators<OperationTable>> {
  const document = await loadSpec(api.specPath, true);
  const ajv = newAjv();
  const patternMessages: Record<string, string> = {};
  // the generator's own translation; on a dereferenced schema it has no references to rewrite.
  const translate = createSchemaTranslator(document, {}, patternMessages);
  const schemaAt = (pointer: string | null | undefined, where: string): Json => {
    const schema = pointer ? valueAtPointer(document, pointer) : undefined;
    if (typeof schema !== "object" || schema === null) throw new Error(`${api.alias}: ${where} has no schema.`);
    return schema as Json;
  };
  const compile = (schema: Json, view: SchemaView) => ajv.compile(translate(schema, view) as Json) as CompiledValidator;

  const requestBodies: Record<string, CompiledValidator> = {};
  const discriminators: Record<string, DiscriminatorDescriptor> = {};
  for (const id of measured.requests) {
    const body = api.facts.operations[id]?.requestBody;
    const schema = schemaAt(body?.schemaPointer, `${id}'s request body`);
    requestBodies[id] = compile(schema, "request");
    if (body?.discriminator) discriminators[id] = body.discriminator;
  }
  const responses: Record<string, Record<string, CompiledValidator>> = {};
  for (const [id, status] of measured.responses) {
    const pointer = api.facts.operations[id]?.responses[status]?.schemaPointer;
    responses[id] = { ...responses[id], [status]: compile(schemaAt(pointer, `${id} ${status}`), "response") };
  }
  return createValidators({
    operations: api.operations,
    requestBodies,
    params: {},
    responses,
    patternMessages,
    discriminators,
  });
}

export interface RuntimeAjvValidators extends Record<ApiName, Validators<OperationTable>> {
  /** Milliseconds spent reading both specs (registry, operation tables, dereferenced schemas) and compiling. */
  setupMs: number;
}

/** Reads the registry's specs and compiles the schemas the benchmark uses. */
export async function compileRuntimeAjv(): Promise<RuntimeAjvValidators> {
  const started = performance.now();
  const apis = await loadApis(findRepositoryRoot(import.meta.dirname));
  const compileNamed = (name: ApiName) => {
    const api = apis.find((a) => a.alias === name);
    if (!api) throw new Error(`The registry (redocly.yaml) names no API "${name}".`);
    return compileApi(api, MEASURED[name]);
  };
  const [upmobile, topup] = await Promise.all([compileNamed("upmobile"), compileNamed("topup")]);
  return { upmobile, topup, setupMs: performance.now() - started };
}
