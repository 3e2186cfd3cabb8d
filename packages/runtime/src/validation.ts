import { ValidationError, type ValidationIssue } from "./errors.js";
import type { FileFieldDescriptor, OperationTable } from "./operation-table.js";

/** An error as Ajv's generated code reports it. */
export interface RawValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A function compiled from a schema at generate time. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: RawValidationError[] | null;
}

export type ValidationResult = { valid: true } | { valid: false; errors: ValidationIssue[] };

/** The property that picks a request body's branch, and the values it may take. */
export interface DiscriminatorDescriptor {
  propertyName: string;
  values: readonly string[];
}

/** What `@contracts/codegen` generates for one API, wired together by {@link createValidators}. */
export interface ValidatorTables<Ops extends OperationTable> {
  operations: Ops;
  requestBodies: { readonly [K in keyof Ops]?: CompiledValidator };
  params: { readonly [K in keyof Ops]?: CompiledValidator };
  responses: { readonly [K in keyof Ops]?: Readonly<Record<string, CompiledValidator>> };
  patternMessages: Readonly<Record<string, string>>;
  discriminators: { readonly [K in keyof Ops]?: DiscriminatorDescriptor };
}

/** Request and response validation for one API. */
export interface Validators<Ops extends OperationTable> {
  validateRequestBody(operationId: keyof Ops & string, body: unknown): ValidationResult;
  validateRequestParams(
    operationId: keyof Ops & string,
    params?: { path?: Record<string, unknown>; query?: Record<string, unknown> },
  ): ValidationResult;
  validateResponseBody(operationId: keyof Ops & string, status: number | string, body: unknown): ValidationResult;
}

const VALID: ValidationResult = Object.freeze({ valid: true });

export function createValidators<Ops extends OperationTable>(tables: ValidatorTables<Ops>): Validators<Ops> {
  const { operations, patternMessages } = tables;
  const operation = (id: string) => {
    const op = operations[id];
    if (!op) throw new TypeError(`Unknown operationId "${id}".`);
    return op;
  };
  return {
    validateRequestBody(operationId, body) {
      const op = operation(operationId);
      const validate = tables.requestBodies[operationId];
      if (!validate || !op.requestBody) {
        return body === undefined
          ? VALID
          : invalid([{ path: "", keyword: "body", message: `${operationId} takes no request body.` }]);
      }
      if (body === undefined) {
        return op.requestBody.required
          ? invalid([{ path: "", keyword: "required", message: "The request body is required." }])
          : VALID;
      }
      const issues = run(validate, body, patternMessages, tables.discriminators[operationId]);
      issues.push(...checkFiles(body, op.requestBody.files));
      return issues.length ? invalid(dedupe(issues)) : VALID;
    },
    validateRequestParams(operationId, params = {}) {
      operation(operationId);
      const validate = tables.params[operationId];
      if (!validate) return VALID;
      const issues = run(validate, { path: params.path ?? {}, query: params.query ?? {} }, patternMessages);
      return issues.length ? invalid(issues) : VALID;
    },
    validateResponseBody(operationId, status, body) {
      const op = operation(operationId);
      const code = String(status);
      const documented = op.responses[code] ?? op.responses[`${code[0]}XX`] ?? op.responses.default;
      if (!documented) {
        return invalid([
          { path: "", keyword: "status", message: `HTTP ${code} is not a documented response of ${operationId}.` },
        ]);
      }
      const byStatus = tables.responses[operationId] ?? {};
      const validate = byStatus[code] ?? byStatus[`${code[0]}XX`] ?? byStatus.default;
      if (!validate) return VALID;
      const issues = run(validate, body, patternMessages);
      return issues.length ? invalid(issues) : VALID;
    },
  };
}

/** What a guard or assertion needs beside the compiled schema: pattern sentences and the schema's file parts. */
export interface SchemaChecks {
  patternMessages?: Readonly<Record<string, string>>;
  files?: Readonly<Record<string, FileFieldDescriptor>>;
}

/** A type guard from a compiled schema (and its file parts' Blob, size and type rules). */
export function createGuard<T>(validate: CompiledValidator, checks: SchemaChecks = {}): (value: unknown) => value is T {
  const { files } = checks;
  if (!files) return (value: unknown): value is T => validate(value);
  return (value: unknown): value is T => validate(value) && checkFiles(value, files).length === 0;
}

/** An assertion from a compiled schema: throws a {@link ValidationError} naming every broken rule. */
export function createAssertion<T>(
  name: string,
  validate: CompiledValidator,
  checks: SchemaChecks = {},
): (value: unknown) => asserts value is T {
  const { patternMessages = {}, files = {} } = checks;
  return (value: unknown): asserts value is T => {
    const issues = validate(value) ? [] : describeErrors(validate.errors ?? [], patternMessages, value);
    issues.push(...checkFiles(value, files));
    if (issues.length > 0) throw new ValidationError(name, issues);
  };
}

function invalid(errors: ValidationIssue[]): ValidationResult {
  return { valid: false, errors };
}

function run(
  validate: CompiledValidator,
  data: unknown,
  patterns: Readonly<Record<string, string>>,
  discriminator?: DiscriminatorDescriptor,
): ValidationIssue[] {
  return validate(data) ? [] : describeErrors(validate.errors ?? [], patterns, data, discriminator);
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FORMAT_HINTS: Record<string, string> = {
  uuid: "a UUID such as 123e4567-e89b-42d3-a456-426614174000",
  date: "a date as YYYY-MM-DD, such as 2024-01-15",
  "date-time": "a date-time such as 2024-01-15T10:30:00Z",
  uri: "an absolute URI",
  email: "an email address",
};

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  object: "an object",
  array: "an array",
  boolean: "true or false",
  null: "null",
};

/** Turns Ajv's errors into sentences a person can act on, each naming the field and the rule. */
export function describeErrors(
  raw: readonly RawValidationError[],
  patterns: Readonly<Record<string, string>>,
  data: unknown,
  discriminator?: DiscriminatorDescriptor,
): ValidationIssue[] {
  // Note: a failed oneOf/anyOf first reports every branch's errors, then itself; one sentence for the whole
  // choice is clearer. Branch errors are the ones before it at or below its path (branches may be $refs, so
  // their schemaPath says nothing about the choice).
  const kept: RawValidationError[] = [];
  for (const error of raw) {
    if (error.keyword === "oneOf" || error.keyword === "anyOf") {
      const at = error.instancePath;
      for (let i = kept.length - 1; i >= 0; i--) {
        const path = (kept[i] as RawValidationError).instancePath;
        if (path === at || path.startsWith(`${at}/`)) kept.splice(i, 1);
      }
    }
    kept.push(error);
  }
  return dedupe(kept.map((e) => describe(e, patterns, data, discriminator)));
}

function describe(
  e: RawValidationError,
  patterns: Readonly<Record<string, string>>,
  data: unknown,
  discriminator?: DiscriminatorDescriptor,
): ValidationIssue {
  const p = e.params;
  const at = (path: string, message: string): ValidationIssue => ({ path, message, keyword: e.keyword });
  const here = label(e.instancePath);
  switch (e.keyword) {
    case "required": {
      const path = `${e.instancePath}/${String(p.missingProperty)}`;
      const tag = discriminator && e.instancePath === "" ? valueAt(data, `/${discriminator.propertyName}`) : undefined;
      const when = typeof tag === "string" ? ` when ${discriminator?.propertyName} is ${tag}` : "";
      return at(path, `${label(path)} is required${when}.`);
    }
    case "additionalProperties": {
      const path = `${e.instancePath}/${String(p.additionalProperty)}`;
      return at(path, `${label(path)} is not a known field; remove it.`);
    }
    case "discriminator": {
      const tag = String(p.tag);
      const path = `${e.instancePath}/${tag}`;
      const allowed = discriminator?.values.join(", ");
      if (p.tagValue === undefined) return at(path, `${label(path)} is required.`);
      return at(path, `${label(path)} must be one of: ${allowed ?? "the documented values"}.`);
    }
    case "type": {
      const expected = String(p.type)
        .split(",")
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(" or ");
      const actual = valueAt(data, e.instancePath) === null ? ", not null" : "";
      return at(e.instancePath, `${here} must be ${expected}${actual}.`);
    }
    case "enum":
      return at(e.instancePath, `${here} must be one of: ${(p.allowedValues as unknown[]).map(String).join(", ")}.`);
    case "const":
      return at(e.instancePath, `${here} must be ${JSON.stringify(p.allowedValue)}.`);
    case "pattern":
      return at(
        e.instancePath,
        `${here} must be ${patterns[String(p.pattern)] ?? `text matching ${String(p.pattern)}`}.`,
      );
    case "format":
      return at(e.instancePath, `${here} must be ${FORMAT_HINTS[String(p.format)] ?? `a valid ${String(p.format)}`}.`);
    case "minimum":
    case "exclusiveMinimum":
      return at(
        e.instancePath,
        `${here} must be ${e.keyword === "minimum" ? "at least" : "greater than"} ${String(p.limit)}.`,
      );
    case "maximum":
    case "exclusiveMaximum":
      return at(
        e.instancePath,
        `${here} must be ${e.keyword === "maximum" ? "at most" : "less than"} ${String(p.limit)}.`,
      );
    case "minLength":
      return at(
        e.instancePath,
        p.limit === 1 ? `${here} must not be empty.` : `${here} must be at least ${String(p.limit)} characters long.`,
      );
    case "maxLength":
      return at(e.instancePath, `${here} must be at most ${String(p.limit)} characters long.`);
    case "minItems":
      return at(e.instancePath, `${here} must have at least ${String(p.limit)} items.`);
    case "maxItems":
      return at(e.instancePath, `${here} must have at most ${String(p.limit)} items.`);
    case "oneOf":
    case "anyOf":
      return at(e.instancePath, `${here} does not match any of its allowed forms.`);
    default:
      return at(e.instancePath, `${here} ${e.message ?? `breaks the rule "${e.keyword}"`}.`);
  }
}

/** `/data/accounts/0/id` → `data.accounts[0].id`; the root is "the value". */
function label(pointer: string): string {
  if (pointer === "") return "The value";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((out, seg) => (/^\d+$/.test(seg) ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), "");
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let current: unknown = data;
  for (const seg of pointer.slice(1).split("/")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return current;
}

const formatBytes = (n: number) => n.toLocaleString("en-US");

/** File parts: a Blob or File, within the byte limit, of an allowed content type — checked before a byte is sent. */
export function checkFiles(body: unknown, files: Readonly<Record<string, FileFieldDescriptor>>): ValidationIssue[] {
  if (typeof body !== "object" || body === null) return [];
  const issues: ValidationIssue[] = [];
  for (const [field, rule] of Object.entries(files)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const path = `/${field}`;
    if (!(value instanceof Blob)) {
      const what = value === null ? "null" : typeof value;
      issues.push({ path, keyword: "type", message: `${field} must be a file (a Blob or File), not ${what}.` });
      continue;
    }
    if (rule.maxBytes !== null && value.size > rule.maxBytes) {
      const mb = (rule.maxBytes / 1024 / 1024).toFixed(1);
      issues.push({
        path,
        keyword: "maxBytes",
        message: `${field} must be at most ${formatBytes(rule.maxBytes)} bytes (${mb} MB); this file has ${formatBytes(value.size)} bytes.`,
      });
    }
    const type = value.type.split(";")[0]?.trim().toLowerCase() ?? "";
    if (rule.contentTypes.length > 0 && !rule.contentTypes.includes(type)) {
      issues.push({
        path,
        keyword: "contentType",
        message: `${field} must be one of these file types: ${rule.contentTypes.join(", ")}; this file is ${type ? `"${type}"` : "of no declared type"}.`,
      });
    }
  }
  return issues;
}
