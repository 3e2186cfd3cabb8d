import { ValidationError, type ValidationIssue } from "./errors.js";
import type { FileFieldDescriptor, OperationDescriptor, OperationTable } from "./operation-table.js";

/** An error as Ajv's generated code reports it. */
export interface RawValidationError {
  instancePath: string;
  /** Where in the schema the rule is; the generated code leaves it out (nothing here reads it). */
  schemaPath?: string;
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

type FileRules = Readonly<Record<string, FileFieldDescriptor>>;
/** A schema's file parts as `[field, rule]` pairs, or null when it has none (computed once, not per call). */
type FileEntries = ReadonlyArray<readonly [string, FileFieldDescriptor]> | null;

const fileEntries = (files: FileRules | undefined): FileEntries => {
  const entries = Object.entries(files ?? {});
  return entries.length > 0 ? entries : null;
};

/**
 * What a response status resolves to for one operation: its compiled schema, none, or "not documented". An
 * undocumented 2xx is read as a success the spec allows: it must match one of the documented 2xx schemas (a
 * provider that answers 200 where the spec says 201 has still recorded the request). The contract suite, the
 * strict reader, reports the undocumented status as drift.
 */
type ResponseCheck = CompiledValidator | readonly CompiledValidator[] | "no-schema" | "undocumented";

export function createValidators<Ops extends OperationTable>(tables: ValidatorTables<Ops>): Validators<Ops> {
  const { operations, patternMessages } = tables;
  // Note: everything that depends only on the operation is worked out once, on first use of each operation, so a
  // call costs a table lookup and the compiled function; a valid value allocates nothing.
  const requestChecks = new Map<string, (body: unknown) => ValidationResult>();
  const responseChecks = new Map<string, Map<string, ResponseCheck>>();

  const operation = (id: string): OperationDescriptor => {
    const op = Object.hasOwn(operations, id) ? operations[id] : undefined;
    if (!op) throw new TypeError(`Unknown operationId "${id}".`);
    return op;
  };

  const requestCheck = (operationId: string): ((body: unknown) => ValidationResult) => {
    const op = operation(operationId);
    const validate = tables.requestBodies[operationId];
    const requestBody = op.requestBody;
    if (!validate || !requestBody) {
      return (body) =>
        body === undefined
          ? VALID
          : invalid([{ path: "", keyword: "body", message: `${operationId} takes no request body.` }]);
    }
    const files = fileEntries(requestBody.files);
    const discriminator = tables.discriminators[operationId];
    return (body) => {
      if (body === undefined) {
        return requestBody.required
          ? invalid([{ path: "", keyword: "required", message: "The request body is required." }])
          : VALID;
      }
      if (validate(body)) {
        if (files === null) return VALID;
        const issues = checkFileEntries(body, files);
        return issues.length ? invalid(issues) : VALID;
      }
      const issues = describeErrors(validate.errors ?? [], patternMessages, body, discriminator);
      // Note: no repeats to drop: a file part's schema is `true`, so Ajv reports nothing at its path but a missing
      // or unknown field, in words no file check uses.
      if (files !== null) for (const issue of checkFileEntries(body, files)) issues.push(issue);
      return invalid(issues);
    };
  };

  const responseCheck = (operationId: string, code: string): ResponseCheck => {
    let byCode = responseChecks.get(operationId);
    if (byCode === undefined) {
      operation(operationId);
      byCode = new Map();
      responseChecks.set(operationId, byCode);
    }
    let check = byCode.get(code);
    if (check === undefined) {
      const { responses } = operation(operationId);
      const wildcard = `${code[0]}XX`;
      const documented = responses[code] ?? responses[wildcard] ?? responses.default;
      const byStatus = tables.responses[operationId] ?? {};
      if (documented) check = byStatus[code] ?? byStatus[wildcard] ?? byStatus.default ?? "no-schema";
      else check = code.startsWith("2") ? successChecks(responses, byStatus) : "undocumented";
      // Note: only the statuses a server can send are remembered, so odd input cannot grow the cache.
      if (/^[1-5]\d\d$/.test(code)) byCode.set(code, check);
    }
    return check;
  };

  return {
    validateRequestBody(operationId, body) {
      let check = requestChecks.get(operationId);
      if (check === undefined) {
        check = requestCheck(operationId);
        requestChecks.set(operationId, check);
      }
      return check(body);
    },
    validateRequestParams(operationId, params = {}) {
      operation(operationId);
      const validate = tables.params[operationId];
      if (!validate) return VALID;
      const data = { path: params.path ?? {}, query: params.query ?? {} };
      return validate(data) ? VALID : invalid(describeErrors(validate.errors ?? [], patternMessages, data));
    },
    validateResponseBody(operationId, status, body) {
      const code = typeof status === "number" ? `${status}` : String(status);
      const check = responseCheck(operationId, code);
      if (check === "no-schema") return VALID;
      if (check === "undocumented") {
        return invalid([
          { path: "", keyword: "status", message: `HTTP ${code} is not a documented response of ${operationId}.` },
        ]);
      }
      if (typeof check === "function") {
        return check(body) ? VALID : invalid(describeErrors(check.errors ?? [], patternMessages, body));
      }
      // Note: an undocumented 2xx; it passes when it matches a documented success, and reports the closest miss.
      let closest: RawValidationError[] = [];
      for (const candidate of check) {
        if (candidate(body)) return VALID;
        const errors = candidate.errors ?? [];
        if (closest.length === 0 || errors.length < closest.length) closest = errors;
      }
      return invalid(describeErrors(closest, patternMessages, body));
    },
  };
}

/** The schemas of an operation's documented 2xx responses, for a success status it does not document. */
function successChecks(
  responses: OperationDescriptor["responses"],
  byStatus: Readonly<Record<string, CompiledValidator>>,
): ResponseCheck {
  const successes = Object.keys(responses).filter((status) => status.startsWith("2"));
  if (successes.length === 0) return "undocumented";
  const schemas = successes.flatMap((status) => {
    const schema = byStatus[status];
    return schema ? [schema] : [];
  });
  return schemas.length === 0 ? "no-schema" : [...new Set(schemas)];
}

/** What a guard or assertion needs beside the compiled schema: pattern sentences and the schema's file parts. */
export interface SchemaChecks {
  patternMessages?: Readonly<Record<string, string>>;
  files?: Readonly<Record<string, FileFieldDescriptor>>;
}

/** A type guard from a compiled schema (and its file parts' Blob, size and type rules). */
export function createGuard<T>(validate: CompiledValidator, checks: SchemaChecks = {}): (value: unknown) => value is T {
  const files = fileEntries(checks.files);
  if (files === null) return (value: unknown): value is T => validate(value);
  return (value: unknown): value is T => validate(value) && checkFileEntries(value, files).length === 0;
}

/** An assertion from a compiled schema: throws a {@link ValidationError} naming every broken rule. */
export function createAssertion<T>(
  name: string,
  validate: CompiledValidator,
  checks: SchemaChecks = {},
): (value: unknown) => asserts value is T {
  const { patternMessages = {} } = checks;
  const files = fileEntries(checks.files);
  return (value: unknown): asserts value is T => {
    const valid = validate(value);
    if (valid && files === null) return;
    const issues = valid ? [] : describeErrors(validate.errors ?? [], patternMessages, value);
    if (files !== null) for (const issue of checkFileEntries(value, files)) issues.push(issue);
    if (issues.length > 0) throw new ValidationError(name, issues);
  };
}

/**
 * Throws a {@link ValidationError} naming every broken rule unless the value passes the compiled schema (and its file
 * parts' rules): the body of a generated `assertX`, which calls it instead of keeping a closure per schema.
 */
export function assertValid(
  name: string,
  validate: CompiledValidator,
  value: unknown,
  patternMessages: Readonly<Record<string, string>> = {},
  files?: Readonly<Record<string, FileFieldDescriptor>>,
): void {
  const valid = validate(value);
  if (valid && files === undefined) return;
  const issues = valid ? [] : describeErrors(validate.errors ?? [], patternMessages, value);
  if (files !== undefined) for (const issue of checkFiles(value, files)) issues.push(issue);
  if (issues.length > 0) throw new ValidationError(name, issues);
}

function invalid(errors: ValidationIssue[]): ValidationResult {
  return { valid: false, errors };
}

/** The issues without repeats (same path and message), first occurrence kept, order kept. */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  // Note: error lists are short; comparing pairs is cheaper than building a key string per issue for a Set.
  if (issues.length > 32) {
    const seen = new Set<string>();
    return issues.filter((i) => {
      const key = `${i.path}\u0000${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  let out: ValidationIssue[] | null = null;
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i] as ValidationIssue;
    let repeated = false;
    for (let j = 0; j < i; j++) {
      const earlier = issues[j] as ValidationIssue;
      if (earlier.path === issue.path && earlier.message === issue.message) {
        repeated = true;
        break;
      }
    }
    if (repeated) out ??= issues.slice(0, i);
    else out?.push(issue);
  }
  return out ?? issues;
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
  let kept = raw;
  for (const error of raw) {
    if (error.keyword === "oneOf" || error.keyword === "anyOf") {
      kept = withoutBranchErrors(raw);
      break;
    }
  }
  const issues: ValidationIssue[] = [];
  for (const error of kept) issues.push(describe(error, patterns, data, discriminator));
  return dedupe(issues);
}

/**
 * A failed oneOf/anyOf first reports every branch's errors, then itself; one sentence for the whole choice is
 * clearer. Branch errors are the ones before it at or below its path (branches may be $refs, so their schemaPath
 * says nothing about the choice).
 */
export function withoutBranchErrors<E extends Pick<RawValidationError, "instancePath" | "keyword">>(
  raw: readonly E[],
): E[] {
  const kept: E[] = [];
  for (const error of raw) {
    if (error.keyword === "oneOf" || error.keyword === "anyOf") {
      const at = error.instancePath;
      for (let i = kept.length - 1; i >= 0; i--) {
        const path = (kept[i] as E).instancePath;
        if (path === at || path.startsWith(`${at}/`)) kept.splice(i, 1);
      }
    }
    kept.push(error);
  }
  return kept;
}

function describe(
  e: RawValidationError,
  patterns: Readonly<Record<string, string>>,
  data: unknown,
  discriminator?: DiscriminatorDescriptor,
): ValidationIssue {
  const p = e.params;
  const keyword = e.keyword;
  let path = e.instancePath;
  let message: string;
  switch (keyword) {
    case "required": {
      path = `${path}/${String(p.missingProperty)}`;
      const tag = discriminator && e.instancePath === "" ? valueAt(data, `/${discriminator.propertyName}`) : undefined;
      const when = typeof tag === "string" ? ` when ${discriminator?.propertyName} is ${tag}` : "";
      message = `${label(path)} is required${when}.`;
      break;
    }
    case "additionalProperties":
      path = `${path}/${String(p.additionalProperty)}`;
      message = `${label(path)} is not a known field; remove it.`;
      break;
    case "discriminator": {
      path = `${path}/${String(p.tag)}`;
      const allowed = discriminator?.values.join(", ");
      message =
        p.tagValue === undefined
          ? `${label(path)} is required.`
          : `${label(path)} must be one of: ${allowed ?? "the documented values"}.`;
      break;
    }
    case "type": {
      const type = String(p.type);
      const expected = type.includes(",")
        ? type
            .split(",")
            .map((t) => TYPE_NAMES[t] ?? t)
            .join(" or ")
        : (TYPE_NAMES[type] ?? type);
      const actual = valueAt(data, path) === null ? ", not null" : "";
      message = `${label(path)} must be ${expected}${actual}.`;
      break;
    }
    case "enum":
      message = `${label(path)} must be one of: ${(p.allowedValues as unknown[]).map(String).join(", ")}.`;
      break;
    case "const":
      message = `${label(path)} must be ${JSON.stringify(p.allowedValue)}.`;
      break;
    case "pattern":
      message = `${label(path)} must be ${patterns[String(p.pattern)] ?? `text matching ${String(p.pattern)}`}.`;
      break;
    case "format":
      message = `${label(path)} must be ${FORMAT_HINTS[String(p.format)] ?? `a valid ${String(p.format)}`}.`;
      break;
    case "minimum":
      message = `${label(path)} must be at least ${String(p.limit)}.`;
      break;
    case "exclusiveMinimum":
      message = `${label(path)} must be greater than ${String(p.limit)}.`;
      break;
    case "maximum":
      message = `${label(path)} must be at most ${String(p.limit)}.`;
      break;
    case "exclusiveMaximum":
      message = `${label(path)} must be less than ${String(p.limit)}.`;
      break;
    case "minLength":
      message =
        p.limit === 1
          ? `${label(path)} must not be empty.`
          : `${label(path)} must be at least ${String(p.limit)} characters long.`;
      break;
    case "maxLength":
      message = `${label(path)} must be at most ${String(p.limit)} characters long.`;
      break;
    case "minItems":
      message = `${label(path)} must have at least ${String(p.limit)} items.`;
      break;
    case "maxItems":
      message = `${label(path)} must have at most ${String(p.limit)} items.`;
      break;
    case "oneOf":
    case "anyOf":
      message = `${label(path)} does not match any of its allowed forms.`;
      break;
    default:
      message = `${label(path)} ${e.message ?? ajvMessage(e) ?? `breaks the rule "${keyword}"`}.`;
  }
  return { path, message, keyword };
}

/**
 * Ajv's own English message for the keywords the sentences above do not cover. The generated code is compiled
 * with `messages: false` (it would carry a message string per rule that this module mostly replaces), so the
 * few it still needs are written here, word for word as Ajv writes them.
 */
function ajvMessage(e: RawValidationError): string | undefined {
  const p = e.params;
  switch (e.keyword) {
    case "multipleOf":
      return `must be multiple of ${String(p.multipleOf)}`;
    case "uniqueItems":
      return `must NOT have duplicate items (items ## ${String(p.j)} and ${String(p.i)} are identical)`;
    case "minProperties":
      return `must NOT have fewer than ${String(p.limit)} properties`;
    case "maxProperties":
      return `must NOT have more than ${String(p.limit)} properties`;
    case "additionalItems":
    case "items":
    case "unevaluatedItems":
      return `must NOT have more than ${String(p.limit)} items`;
    case "unevaluatedProperties":
      return "must NOT have unevaluated properties";
    case "contains":
      return p.maxContains === undefined
        ? `must contain at least ${String(p.minContains)} valid item(s)`
        : `must contain at least ${String(p.minContains)} and no more than ${String(p.maxContains)} valid item(s)`;
    case "dependencies":
    case "dependentRequired":
      return `must have ${p.depsCount === 1 ? "property" : "properties"} ${String(p.deps)} when property ${String(p.property)} is present`;
    case "not":
      return "must NOT be valid";
    case "if":
      return `must match "${String(p.failingKeyword)}" schema`;
    case "propertyNames":
      return "property name must be valid";
    case "false schema":
      return "boolean schema is false";
    default:
      return undefined;
  }
}

/** `/data/accounts/0/id` → `data.accounts[0].id`; the root is "the value". */
function label(pointer: string): string {
  if (pointer === "") return "The value";
  let out = "";
  const length = pointer.length;
  for (let start = 1; start <= length; ) {
    let end = pointer.indexOf("/", start);
    if (end === -1) end = length;
    let segment = pointer.slice(start, end);
    if (segment.includes("~")) segment = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    if (isIndex(segment)) out += `[${segment}]`;
    else out = out ? `${out}.${segment}` : segment;
    start = end + 1;
  }
  return out;
}

/** One or more ASCII digits. */
function isIndex(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let current: unknown = data;
  for (const seg of pointer.slice(1).split("/")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[
      seg.includes("~") ? seg.replace(/~1/g, "/").replace(/~0/g, "~") : seg
    ];
  }
  return current;
}

const formatBytes = (n: number) => n.toLocaleString("en-US");

/** File parts: a Blob or File, within the byte limit, of an allowed content type — checked before a byte is sent. */
export function checkFiles(body: unknown, files: Readonly<Record<string, FileFieldDescriptor>>): ValidationIssue[] {
  const entries = fileEntries(files);
  return entries === null ? [] : checkFileEntries(body, entries);
}

function checkFileEntries(body: unknown, files: NonNullable<FileEntries>): ValidationIssue[] {
  if (typeof body !== "object" || body === null) return [];
  const issues: ValidationIssue[] = [];
  for (const [field, rule] of files) {
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
    if (rule.contentTypes.length > 0) {
      const type = mediaType(value.type);
      if (!rule.contentTypes.includes(type)) {
        issues.push({
          path,
          keyword: "contentType",
          message: `${field} must be one of these file types: ${rule.contentTypes.join(", ")}; this file is ${type ? `"${type}"` : "of no declared type"}.`,
        });
      }
    }
  }
  return issues;
}

/** A Blob's `type` without parameters, trimmed and lower-cased (`"Image/PNG; q=1"` → `"image/png"`). */
function mediaType(type: string): string {
  const semicolon = type.indexOf(";");
  return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
}
