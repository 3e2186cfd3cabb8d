/**
 * The "no codegen" alternative: load each spec at start-up, dereference it, let Ajv compile the request and response
 * schemas at run time, and answer as `validateRequestBody`/`validateResponseBody` must: every broken rule as a
 * sentence naming the field. So that both do the same work, it is compiled with the generator's Ajv options and
 * string formats, and its errors go through the same `describeErrors`; file parts get the treatment the generated
 * code gives them (the schema accepts anything there; Blob, size and content type are checked in JavaScript with
 * the spec's limits).
 */
import { fileURLToPath } from "node:url";
import { findRepositoryRoot, loadSpec, type OpenApiDocument } from "@contracts/codegen";
import { Ajv, type ValidateFunction } from "ajv";
import {
  type DiscriminatorDescriptor,
  type FileRule,
  loadRuntimeValidation,
  type RuntimeValidation,
  type ValidationResult,
} from "./runtime-validation.js";

type Json = Record<string, unknown>;

const VALID: ValidationResult = Object.freeze({ valid: true });

/** Where the specs live: `specs/<api>/openapi.yaml` under the repository root. */
export function specPath(api: "upmobile" | "topup"): string {
  const root = findRepositoryRoot(fileURLToPath(new URL(".", import.meta.url)));
  return `${root}/specs/${api}/openapi.yaml`;
}

/**
 * The options `@contracts/codegen` compiles with (packages/codegen/src/validators.ts), less those that only shape
 * standalone code: draft-07, every error (`allErrors`), numbers that JSON can carry (`strictNumbers`), discriminated
 * unions, no message strings (describeErrors writes the sentences). References need no option here: the
 * dereferenced schema has none, so everything is inlined.
 */
function newAjv(runtime: RuntimeValidation): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, strictNumbers: true, messages: false });
  for (const [name, check] of Object.entries(runtime.formats)) ajv.addFormat(name, check);
  for (const annotation of ["password", "binary", "int32", "int64"]) ajv.addFormat(annotation, true);
  return ajv;
}

interface Collected {
  files: Record<string, FileRule>;
  patternMessages: Record<string, string>;
}

/**
 * A copy of a dereferenced schema Ajv accepts: no `discriminator.mapping`, file parts as `{}` (their limits
 * collected as rules), and each `x-pattern-message` collected for the error sentences.
 */
function prepare(schema: unknown, collected: Collected, request: boolean, field = ""): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, collected, request, field));
  if (typeof schema !== "object" || schema === null) return schema;
  const s = schema as Json;
  if (s.format === "binary") {
    collected.files[field] ??= {
      maxBytes: typeof s["x-max-bytes"] === "number" ? s["x-max-bytes"] : null,
      contentTypes: (s["x-content-types"] as string[] | undefined) ?? [],
    };
    return {};
  }
  if (typeof s.pattern === "string" && typeof s["x-pattern-message"] === "string") {
    collected.patternMessages[s.pattern] = s["x-pattern-message"];
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "enum" && !request && s["x-open-enum"] === true) {
      // An open enum in a response accepts any string, as the generated response validators do.
    } else if (key === "discriminator") {
      out.discriminator = { propertyName: (value as { propertyName: string }).propertyName };
    } else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, sub]) => [name, prepare(sub, collected, request, name)]),
      );
    } else {
      out[key] = prepare(value, collected, request, field);
    }
  }
  return out;
}

/** The discriminator of a request body's root, with the value each branch's `const` gives its property. */
function discriminatorOf(schema: Json): DiscriminatorDescriptor | undefined {
  const discriminator = schema.discriminator as { propertyName: string } | undefined;
  if (!discriminator) return undefined;
  const values = ((schema.oneOf as Json[] | undefined) ?? [])
    .map((branch) => {
      const property = (branch.properties as Record<string, Json> | undefined)?.[discriminator.propertyName];
      return property?.const ?? (property?.enum as unknown[] | undefined)?.[0];
    })
    .filter((v): v is string => typeof v === "string");
  return { propertyName: discriminator.propertyName, values };
}

/** One compiled schema with everything needed to answer for it, as the generated runtime does. */
function compile(ajv: Ajv, runtime: RuntimeValidation, schema: unknown, request: boolean) {
  const collected: Collected = { files: {}, patternMessages: {} };
  const validate: ValidateFunction = ajv.compile(prepare(schema, collected, request) as Json);
  const hasFiles = Object.keys(collected.files).length > 0;
  const { files, patternMessages } = collected;
  const discriminator = request ? discriminatorOf(schema as Json) : undefined;
  return (body: unknown): ValidationResult => {
    if (validate(body)) {
      if (!hasFiles) return VALID;
      const issues = runtime.checkFiles(body, files);
      return issues.length ? { valid: false, errors: issues } : VALID;
    }
    const issues = runtime.describeErrors(validate.errors ?? [], patternMessages, body, discriminator);
    if (hasFiles) issues.push(...runtime.checkFiles(body, files));
    return { valid: false, errors: issues };
  };
}

function operations(document: OpenApiDocument): Map<string, Json> {
  const byId = new Map<string, Json>();
  for (const item of Object.values(document.paths ?? {})) {
    for (const op of Object.values(item as Record<string, unknown>)) {
      const id = (op as Json | undefined)?.operationId;
      if (typeof id === "string") byId.set(id, op as Json);
    }
  }
  return byId;
}

const firstSchema = (content: unknown): unknown => (Object.values((content ?? {}) as Json)[0] as Json)?.schema;

export interface RuntimeAjvValidators {
  validateRequestBody(operationId: string, body: unknown): ValidationResult;
  validateResponseBody(operationId: string, status: number, body: unknown): ValidationResult;
  /** Milliseconds spent loading + dereferencing both specs and compiling the three schemas. */
  setupMs: number;
}

/** Loads both specs (dereferenced) and compiles the schemas the benchmark uses, looked up by operationId. */
export async function compileRuntimeAjv(): Promise<RuntimeAjvValidators> {
  const started = performance.now();
  const runtime = await loadRuntimeValidation();
  const [upmobile, topup] = await Promise.all([
    loadSpec(specPath("upmobile"), true),
    loadSpec(specPath("topup"), true),
  ]);
  const ajv = newAjv(runtime);
  const requests = new Map<string, (body: unknown) => ValidationResult>();
  const responses = new Map<string, (body: unknown) => ValidationResult>();
  for (const [document, requestIds, responseIds] of [
    [upmobile, ["InitWithdrawal"], ["GetAccounts 200"]],
    [topup, ["CreateTopupRequest"], []],
  ] as const) {
    const ops = operations(document);
    const op = (id: string) => {
      const found = ops.get(id);
      if (!found) throw new Error(`${id} is not in the spec.`);
      return found;
    };
    for (const id of requestIds) {
      requests.set(id, compile(ajv, runtime, firstSchema((op(id).requestBody as Json).content), true));
    }
    for (const key of responseIds) {
      const [id, status] = key.split(" ") as [string, string];
      const response = (op(id).responses as Record<string, Json>)[status];
      responses.set(key, compile(ajv, runtime, firstSchema(response?.content), false));
    }
  }
  const lookup = (table: Map<string, (body: unknown) => ValidationResult>, key: string) => {
    const check = table.get(key);
    if (!check) throw new TypeError(`No runtime validator for ${key}.`);
    return check;
  };
  return {
    validateRequestBody: (operationId, body) => lookup(requests, operationId)(body),
    validateResponseBody: (operationId, status, body) => lookup(responses, `${operationId} ${status}`)(body),
    setupMs: performance.now() - started,
  };
}
