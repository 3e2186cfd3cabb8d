/**
 * The "no codegen" alternative: read each spec at start-up, dereference it and let Ajv compile the request and
 * response schemas at run time. Only the compiling differs from the generated validators: Ajv gets codegen's
 * options and string formats, the operation table comes from `loadApis` (built from the spec by the same code as
 * `operations.gen.ts`), and the runtime's own `createValidators` wraps the compiled functions, so error sentences,
 * file checks and status lookup are the very code the generated validators run.
 */
import {
  addSpecFormats,
  findRepositoryRoot,
  type LoadedApi,
  loadApis,
  loadSpec,
  SPEC_AJV_OPTIONS,
  valueAtPointer,
} from "@contracts/codegen";
import type { OperationFacts, OperationTable } from "@contracts/runtime";
import {
  type CompiledValidator,
  createValidators,
  type DiscriminatorDescriptor,
  type Validators,
} from "@contracts/runtime/validation";
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

/**
 * Codegen's options: `SPEC_AJV_OPTIONS` plus the two its generator adds (discriminated unions; no message strings,
 * since describeErrors writes the sentences). Note: those two are not exported (`generateValidatorCode` in
 * packages/codegen/src/validators.ts writes them inline), so they are repeated here; the rest of its options only
 * shape standalone code. References need no option: the dereferenced schemas have none.
 */
function newAjv(): Ajv {
  const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, discriminator: true, messages: false });
  addSpecFormats(ajv);
  return ajv;
}

/** Requests are what we send (every enum closed); responses are read tolerantly (`x-open-enum`: any string). */
type View = "request" | "response";

/**
 * A dereferenced schema as Ajv should compile it for one view, collecting each `x-pattern-message` for the error
 * sentences. Note: the smallest copy of codegen's `createSchemaTranslator` (packages/codegen/src/validators.ts),
 * which is not exported: file parts accept anything (the runtime checks Blob, size and type from the operation
 * table), a discriminator keeps only its property (Ajv refuses `mapping`), and an open enum in a response accepts
 * any string. Codegen's other steps (annotations dropped, `$ref`s and closed copies) only matter for its code size
 * or for schemas that still hold references.
 */
function translate(schema: unknown, view: View, patternMessages: Record<string, string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => translate(s, view, patternMessages));
  if (typeof schema !== "object" || schema === null) return schema;
  const s = schema as Json;
  if (s.format === "binary") return true;
  if (typeof s.pattern === "string" && typeof s["x-pattern-message"] === "string") {
    patternMessages[s.pattern] = s["x-pattern-message"];
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "discriminator") {
      out.discriminator = { propertyName: (value as { propertyName: string }).propertyName };
    } else if (key === "enum" && view === "response" && s["x-open-enum"] === true) {
      // An open enum in a response: any string (its `type`) is valid, as the generated type says.
    } else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, sub]) => [name, translate(sub, view, patternMessages)]),
      );
    } else {
      out[key] = translate(value, view, patternMessages);
    }
  }
  return out;
}

/**
 * The property that picks a request body's branch, and each branch's value of it (from the spec facts). Note:
 * codegen works this out (`discriminator` of a request body in its spec model) but `loadApis` does not return it.
 */
function discriminatorOf(schema: Json, body: OperationFacts["requestBody"] | undefined) {
  const propertyName = (schema.discriminator as { propertyName?: string } | undefined)?.propertyName;
  if (propertyName === undefined) return undefined;
  const values = (body?.branches ?? []).flatMap((branch) => {
    const tag = branch.properties.find((p) => p.name === propertyName)?.const;
    return typeof tag === "string" ? [tag] : [];
  });
  return { propertyName, values } satisfies DiscriminatorDescriptor;
}

/** One API's request and response validators, compiled at run time for the operations the bench measures. */
async function compileApi(api: LoadedApi, measured: (typeof MEASURED)[ApiName]): Promise<Validators<OperationTable>> {
  const document = await loadSpec(api.specPath, true);
  const ajv = newAjv();
  const patternMessages: Record<string, string> = {};
  const schemaAt = (pointer: string | null | undefined, where: string): Json => {
    const schema = pointer ? valueAtPointer(document, pointer) : undefined;
    if (typeof schema !== "object" || schema === null) throw new Error(`${api.alias}: ${where} has no schema.`);
    return schema as Json;
  };
  const compile = (schema: Json, view: View) =>
    ajv.compile(translate(schema, view, patternMessages) as Json) as CompiledValidator;

  const requestBodies: Record<string, CompiledValidator> = {};
  const discriminators: Record<string, DiscriminatorDescriptor> = {};
  for (const id of measured.requests) {
    const body = api.facts.operations[id]?.requestBody;
    const schema = schemaAt(body?.schemaPointer, `${id}'s request body`);
    requestBodies[id] = compile(schema, "request");
    const discriminator = discriminatorOf(schema, body);
    if (discriminator) discriminators[id] = discriminator;
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
