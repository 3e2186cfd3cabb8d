import { ValidationError } from "../errors.js";
import type { FileFieldDescriptor, OperationDescriptor, OperationTable } from "../operation-table.js";
import { checkFiles } from "./files.js";
import {
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type ValidationIssue,
} from "./issues.js";

/** A function compiled from a schema at generate time. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: RawValidationError[] | null;
}

export type ValidationResult = { valid: true } | { valid: false; errors: ValidationIssue[] };

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
const invalid = (errors: ValidationIssue[]): ValidationResult => ({ valid: false, errors });
const issue = (keyword: string, message: string): ValidationIssue => ({
  path: "",
  field: "",
  keyword,
  params: {},
  message,
});

/**
 * What a response status resolves to for one operation: the schemas a body may match (none: any body), or "not
 * documented". An undocumented 2xx is read as a success the spec allows: it must match one of the documented 2xx
 * schemas (a provider that answers 200 where the spec says 201 has still recorded the request). The contract suite,
 * the strict reader, reports the undocumented status as drift.
 */
type ResponseCheck = readonly CompiledValidator[] | "undocumented";

export function createValidators<Ops extends OperationTable>(tables: ValidatorTables<Ops>): Validators<Ops> {
  const { operations, patternMessages } = tables;
  // everything that depends only on the operation is worked out once, on first use of each operation, so a
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
      return (body) => (body === undefined ? VALID : invalid([issue("body", `${operationId} takes no request body.`)]));
    }
    const files = requestBody.files && Object.keys(requestBody.files).length > 0 ? requestBody.files : null;
    const discriminator = tables.discriminators[operationId];
    return (body) => {
      if (body === undefined) {
        return requestBody.required ? invalid([issue("required", "The request body is required.")]) : VALID;
      }
      if (validate(body)) {
        if (files === null) return VALID;
        const issues = checkFiles(body, files);
        return issues.length ? invalid(issues) : VALID;
      }
      const issues = describeErrors(validate.errors ?? [], { patternMessages, data: body, discriminator });
      // no repeats to drop: a file part's schema is `true`, so Ajv reports nothing at its path but a missing
      // or unknown field, in words no file check uses.
      if (files !== null) for (const found of checkFiles(body, files)) issues.push(found);
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
      const byStatus = tables.responses[operationId] ?? {};
      if (forStatus(responses, code)) check = [forStatus(byStatus, code) ?? []].flat();
      else check = code.startsWith("2") ? successChecks(responses, byStatus) : "undocumented";
      // only the statuses a server can send are remembered, so odd input cannot grow the cache.
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
      if (validate(data)) return VALID;
      return invalid(describeErrors(validate.errors ?? [], { patternMessages, data, parameters: true }));
    },
    validateResponseBody(operationId, status, body) {
      const code = typeof status === "number" ? `${status}` : String(status);
      const check = responseCheck(operationId, code);
      if (check === "undocumented") {
        return invalid([issue("status", `HTTP ${code} is not a documented response of ${operationId}.`)]);
      }
      // the body passes when it matches one of the schemas, else the closest miss is reported.
      let closest: RawValidationError[] | undefined;
      for (const candidate of check) {
        if (candidate(body)) return VALID;
        const errors = candidate.errors ?? [];
        if (!closest?.length || errors.length < closest.length) closest = errors;
      }
      return closest ? invalid(describeErrors(closest, { patternMessages, data: body })) : VALID;
    },
  };
}

/** What a status falls under in a table keyed by status: its own entry, its `4XX`-style range's, or `default`. */
export function forStatus<T>(table: Readonly<Record<string, T>>, code: string): T | undefined {
  return table[code] ?? table[`${code[0]}XX`] ?? table.default;
}

/** The schemas of an operation's documented 2xx responses, for a success status it does not document. */
function successChecks(
  responses: OperationDescriptor["responses"],
  byStatus: Readonly<Record<string, CompiledValidator>>,
): ResponseCheck {
  const successes = Object.keys(responses).filter((status) => status.startsWith("2"));
  if (successes.length === 0) return "undocumented";
  return [...new Set(successes.flatMap((status) => byStatus[status] ?? []))];
}

/**
 * The one assertion: throws a {@link ValidationError} naming every broken rule unless the value passes the compiled
 * schema and its file parts' rules. The body of every generated `assertX`.
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
  const issues = valid ? [] : describeErrors(validate.errors ?? [], { patternMessages, data: value });
  if (files !== undefined) for (const found of checkFiles(value, files)) issues.push(found);
  if (issues.length > 0) throw new ValidationError(name, issues);
}
