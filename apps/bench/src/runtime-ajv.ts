/**
 * The "no codegen" alternative: load each spec at start-up, dereference it, and let Ajv compile the request and
 * response schemas at run time. File parts get the treatment the generated code gives them: the schema accepts
 * anything there and the Blob (type, size, content type) is checked in JavaScript, with the limits from the spec.
 */
import { fileURLToPath } from "node:url";
import { findRepositoryRoot, loadSpec, type OpenApiDocument } from "@contracts/codegen";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { mediaType } from "./zod-schemas.js";

type Json = Record<string, unknown>;

/** A file part's limits, read from `x-max-bytes` / `x-content-types` before its schema is replaced. */
interface FileRule {
  field: string;
  maxBytes: number | null;
  contentTypes: ReadonlySet<string>;
}

export interface RuntimeValidator {
  /** True when the body is valid; Ajv's `errors` (all of them: `allErrors`) are left on `validate.errors`. */
  (data: unknown): boolean;
  validate: ValidateFunction;
}

/** Where the specs live: `specs/<api>/openapi.yaml` under the repository root. */
export function specPath(api: "upmobile" | "topup"): string {
  const root = findRepositoryRoot(fileURLToPath(new URL(".", import.meta.url)));
  return `${root}/specs/${api}/openapi.yaml`;
}

function newAjv(): Ajv {
  // Note: the same dialect the generator compiles with (Ajv's default draft-07 class); the specs use no keyword
  // that needs 2020-12 mode.
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true });
  // Note: ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin.
  addFormats.default(ajv);
  for (const annotation of ["password", "binary", "int32", "int64"]) ajv.addFormat(annotation, true);
  return ajv;
}

/** A copy of a dereferenced schema Ajv accepts: no `discriminator.mapping`, file parts as `{}` (collected as rules). */
function prepare(schema: unknown, files: FileRule[], field = ""): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, files, field));
  if (typeof schema !== "object" || schema === null) return schema;
  const s = schema as Json;
  if (s.format === "binary") {
    if (!files.some((f) => f.field === field)) {
      files.push({
        field,
        maxBytes: typeof s["x-max-bytes"] === "number" ? s["x-max-bytes"] : null,
        contentTypes: new Set((s["x-content-types"] as string[] | undefined) ?? []),
      });
    }
    return {};
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "discriminator") {
      out.discriminator = { propertyName: (value as { propertyName: string }).propertyName };
    } else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, sub]) => [name, prepare(sub, files, name)]),
      );
    } else {
      out[key] = prepare(value, files, field);
    }
  }
  return out;
}

function checkFiles(body: unknown, files: readonly FileRule[]): boolean {
  if (typeof body !== "object" || body === null) return true;
  for (const rule of files) {
    const value = (body as Json)[rule.field];
    if (value === undefined) continue;
    if (!(value instanceof Blob)) return false;
    if (rule.maxBytes !== null && value.size > rule.maxBytes) return false;
    if (rule.contentTypes.size > 0 && !rule.contentTypes.has(mediaType(value))) return false;
  }
  return true;
}

function compile(ajv: Ajv, schema: unknown): RuntimeValidator {
  const files: FileRule[] = [];
  const validate = ajv.compile(prepare(schema, files) as Json);
  // Note: like the generated runtime, the file checks run even when the schema already failed.
  const check = files.length
    ? (data: unknown) => {
        const schemaOk = validate(data);
        return checkFiles(data, files) && schemaOk;
      }
    : (data: unknown) => validate(data);
  return Object.assign(check, { validate });
}

function operation(document: OpenApiDocument, path: string, method: string): Json {
  const op = document.paths?.[path]?.[method] as Json | undefined;
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the spec.`);
  return op;
}

const firstSchema = (content: unknown): unknown => (Object.values((content ?? {}) as Json)[0] as Json)?.schema;

function requestSchema(document: OpenApiDocument, path: string, method: string): unknown {
  return firstSchema((operation(document, path, method).requestBody as Json | undefined)?.content);
}

function responseSchema(document: OpenApiDocument, path: string, method: string, status: string): unknown {
  const responses = operation(document, path, method).responses as Record<string, Json>;
  return firstSchema(responses[status]?.content);
}

export interface RuntimeAjvValidators {
  initWithdrawalRequest: RuntimeValidator;
  getAccounts200: RuntimeValidator;
  createTopupRequest: RuntimeValidator;
  /** Milliseconds spent loading + dereferencing both specs and compiling the three schemas. */
  setupMs: number;
}

/** Loads both specs (dereferenced) and compiles the three schemas the benchmark uses. */
export async function compileRuntimeAjv(): Promise<RuntimeAjvValidators> {
  const started = performance.now();
  const [upmobile, topup] = await Promise.all([
    loadSpec(specPath("upmobile"), true),
    loadSpec(specPath("topup"), true),
  ]);
  const ajv = newAjv();
  const validators = {
    initWithdrawalRequest: compile(ajv, requestSchema(upmobile, "/withdrawals", "post")),
    getAccounts200: compile(ajv, responseSchema(upmobile, "/accounts", "get", "200")),
    createTopupRequest: compile(ajv, requestSchema(topup, "/topup/request/", "post")),
  };
  return { ...validators, setupMs: performance.now() - started };
}
