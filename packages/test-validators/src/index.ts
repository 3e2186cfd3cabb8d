import { inspect } from "node:util";
import {
  type BodyBranchFacts,
  findRepositoryRoot,
  loadApiNamed,
  type SchemaFacts,
  type SpecFacts,
} from "@contracts/codegen/registry";
import type { ValidationResult } from "@contracts/runtime";
import type { OperationTable, Validators } from "@contracts/runtime/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

export type Obj = Record<string, unknown>;

/** Put in a patch to delete the field instead of setting it. */
export const MISSING = Symbol("missing");

/** A copy of `value` with each field of `changes` set, or deleted where it is {@link MISSING}. */
export function patch(value: object, changes: Obj): Obj {
  const copy: Obj = { ...(value as Obj) };
  for (const [key, next] of Object.entries(changes)) {
    if (next === MISSING) delete copy[key];
    else copy[key] = next;
  }
  return copy;
}

/** One input the validators must refuse, with where (and, when it is the contract, how) they say so. */
export interface BadCase {
  name: string;
  result: () => ValidationResult;
  path: string;
  keyword: string;
  /** A piece of the sentence the error at `path` must carry. */
  message?: string;
}

/** `[field, value, keyword, message?]`: set one field (or delete it with {@link MISSING}) and expect that error. */
export type FieldCase = readonly [field: string, value: unknown, keyword: string, message?: string];

const label = (value: unknown) =>
  value === MISSING ? "missing" : inspect(value, { breakLength: Number.POSITIVE_INFINITY, maxStringLength: 24 });

/** A case whose input is not one field of a value. */
export const bad = (
  name: string,
  result: () => ValidationResult,
  path: string,
  keyword: string,
  message?: string,
): BadCase => ({ name, result, path, keyword, ...(message === undefined ? {} : { message }) });

/** Field cases on one value: each patches the field and expects the error at `${prefix}/${field}`. */
export function fieldCases(validate: (changes: Obj) => ValidationResult, prefix: string, cases: FieldCase[]) {
  return cases.map(([field, value, keyword, message]) =>
    bad(`${field} ${label(value)}`, () => validate({ [field]: value }), `${prefix}/${field}`, keyword, message),
  );
}

/** Fails at collection when a value every case breaks one field of is not valid itself. */
function mustBeValid(result: ValidationResult, what: string): void {
  if (!result.valid)
    throw new Error(`${what} is not valid, so its cases prove nothing: ${JSON.stringify(result.errors)}`);
}

/** Expects an invalid result with an error at `path` for `keyword`, its sentence holding `message` when given. */
export function expectIssue(result: ValidationResult, path: string, keyword: string, message?: string): void {
  expect(result.valid).toBe(false);
  expect(result.valid ? [] : result.errors).toContainEqual(
    expect.objectContaining({
      path,
      keyword,
      ...(message === undefined ? {} : { message: expect.stringContaining(message) }),
    }),
  );
}

/** The sentences of an invalid result, in order. */
export function messages(result: ValidationResult): string[] {
  expect(result.valid).toBe(false);
  return result.valid ? [] : result.errors.map((e) => e.message);
}

/** One `describe` per group, one test per case. */
export function runBadCases(groups: Record<string, BadCase[]>): void {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases)("$name → $path ($keyword)", ({ result, path, keyword, message }) => {
        expectIssue(result(), path, keyword, message);
      });
    });
  }
}

/** One test per named result, each expected to be `{ valid: true }`. */
export function runValidCases(cases: Record<string, () => ValidationResult>): void {
  it.each(Object.entries(cases))("%s", (_name, result) => {
    expect(result()).toEqual({ valid: true });
  });
}

/** The request validators of one API, as its generated module exports them. */
type RequestValidators = Pick<Validators<OperationTable>, "validateRequestBody" | "validateRequestParams">;

const UNKNOWN_FIELD = "zz_unknown";
const BAD_FORMAT: Record<string, string> = { uuid: "not-a-uuid", date: "2024-13-01", "date-time": "2024-01-15" };

/** A value of the other JSON type than a rule's own, and the keyword that refuses it. */
function ruleCases(name: string, rule: SchemaFacts, valid: unknown): FieldCase[] {
  const cases: FieldCase[] = [];
  const string = rule.types.includes("string");
  if (rule.types.length > 0 && !rule.types.includes("null")) cases.push([name, null, "type", "not null."]);
  if (rule.types.includes("integer")) {
    cases.push([name, 1.5, "type"], [name, "1", "type"]);
    if (rule.minimum !== undefined) cases.push([name, rule.minimum - 1, "minimum", `at least ${rule.minimum}.`]);
    if (rule.maximum !== undefined) cases.push([name, rule.maximum + 1, "maximum", `at most ${rule.maximum}.`]);
  }
  if (!string) return cases;
  cases.push([name, 42, "type"]);
  const known = typeof valid === "string" ? valid : rule.enum?.[0];
  if (typeof known === "string" && rule.enum !== undefined) {
    const other = known === known.toUpperCase() ? known.toLowerCase() : known.toUpperCase();
    cases.push([name, other, "enum", `must be one of: ${rule.enum.join(", ")}.`]);
  }
  if (rule.minLength === 1) cases.push([name, "", "minLength", "must not be empty."]);
  if (rule.maxLength !== undefined) {
    cases.push([name, "x".repeat(rule.maxLength + 1), "maxLength", `at most ${rule.maxLength} characters long.`]);
  }
  if (rule.pattern !== undefined && !new RegExp(rule.pattern).test("!")) {
    cases.push([name, "!", "pattern", rule.patternMessage]);
  }
  const badFormat = rule.format === undefined ? undefined : BAD_FORMAT[rule.format];
  if (badFormat !== undefined) cases.push([name, badFormat, "format"]);
  return cases;
}

/** The facts of one API of this repository's registry, read from its spec as every tool reads them. */
export async function specFactsOf(api: string): Promise<SpecFacts> {
  return (await loadApiNamed(findRepositoryRoot(import.meta.dirname), api)).facts;
}

/**
 * The cases every request of a spec implies, read from its facts: for each valid body given (one per branch of a
 * union), each required field missing, an unknown field in a closed form, and each field's rules broken (type, null,
 * bounds, enum, length, pattern, format); for each operation's parameters, the same at `/query` and `/path`.
 */
export function specCases(
  facts: SpecFacts,
  validators: RequestValidators,
  valid: { bodies: Record<string, Obj[]>; params: Record<string, { path?: Obj }> },
): Record<string, BadCase[]> {
  const groups: Record<string, BadCase[]> = {};
  for (const [operationId, bodies] of Object.entries(valid.bodies)) {
    const body = facts.operations[operationId]?.requestBody;
    if (!body) throw new Error(`${operationId} takes no request body.`);
    const tag = body.discriminator?.propertyName;
    const whole = (value: unknown) => () => validators.validateRequestBody(operationId, value);
    groups[`from the spec: ${operationId} body as a whole`] = [
      bad("null", whole(null), "", "type", "The value must be an object, not null."),
      bad("an array", whole([]), "", "type"),
      ...(body.required ? [bad("missing", whole(undefined), "", "required", "The request body is required.")] : []),
    ];
    for (const base of bodies) {
      const branch = tag === undefined ? body.branches[0] : body.branches.find((b) => isBranchOf(b, tag, base[tag]));
      if (!branch) throw new Error(`No branch of ${operationId} takes ${JSON.stringify(base)}.`);
      const validate = (changes: Obj) => validators.validateRequestBody(operationId, patch(base, changes));
      mustBeValid(validate({}), `The ${operationId} body ${JSON.stringify(base)}`);
      const when = tag === undefined ? "" : ` when ${tag} is ${String(base[tag])}`;
      const cases: FieldCase[] = branch.required.map((field) => [
        field,
        MISSING,
        "required",
        `${field} is required${field === tag ? "" : when}.`,
      ]);
      if (branch.closed) {
        cases.push([UNKNOWN_FIELD, 1, "additionalProperties", `${UNKNOWN_FIELD} is not a known field; remove it.`]);
      }
      for (const property of branch.properties) {
        if (property.name === tag) {
          const other = String(base[tag]).toUpperCase();
          const values = body.discriminator?.values.join(", ");
          cases.push([tag, other, "discriminator", `${tag} must be one of: ${values}.`]);
        } else if (!property.binary) {
          cases.push(...ruleCases(property.name, property, base[property.name]));
        }
      }
      groups[`from the spec: ${operationId} body${when}`] = fieldCases(validate, "", cases);
    }
  }
  for (const [operationId, { path = {} }] of Object.entries(valid.params)) {
    const parameters = facts.operations[operationId]?.parameters ?? [];
    const cases: BadCase[] = [];
    mustBeValid(validators.validateRequestParams(operationId, { path }), `The ${operationId} parameters`);
    for (const where of ["path", "query"] as const) {
      const own = parameters.filter((p) => p.in === where);
      const base = where === "path" ? path : {};
      const validate = (changes: Obj) => {
        const set = patch(base, changes);
        return validators.validateRequestParams(operationId, where === "path" ? { path: set } : { path, query: set });
      };
      const fields: FieldCase[] = own.filter((p) => p.required).map((p) => [p.name, MISSING, "required"]);
      if (where === "query") fields.push([UNKNOWN_FIELD, 1, "additionalProperties"]);
      for (const p of own) fields.push(...ruleCases(p.name, p.schema, base[p.name] ?? p.example));
      cases.push(...fieldCases(validate, `/${where}`, fields));
    }
    groups[`from the spec: ${operationId} parameters`] = cases;
  }
  return groups;
}

function isBranchOf(branch: BodyBranchFacts, tag: string, value: unknown): boolean {
  return branch.properties.some((p) => p.name === tag && (p.const === value || p.enum?.includes(value)));
}

// Property tests: a valid value with one field broken is refused, and the errors name that field.

/** A named example of the spec (the first when no name is given), as a fresh copy. */
export function example(facts: SpecFacts, operationId: string, status?: string, name?: string): Obj {
  const operation = facts.operations[operationId];
  const examples = status === undefined ? operation?.requestBody?.examples : operation?.responses[status]?.examples;
  const found = examples?.find((e) => name === undefined || e.name === name);
  if (!found) throw new Error(`The spec has no example ${name ?? ""} for ${operationId} ${status ?? "request"}.`);
  return structuredClone(found.value) as Obj;
}

/** How many runs each property makes (FC_NUM_RUNS raises it for a long soak). */
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 200);

/** A way to break one field: a kind, for the report, and the replacement value ({@link MISSING} deletes it). */
type Mutation = { kind: string; value: unknown };
/** For each field, the ways to break it. */
export type Mutations = Record<string, fc.Arbitrary<Mutation>[]>;

export const mutation = (kind: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  value.map((v) => ({ kind, value: v }));
export const deleteIt = mutation("delete required", fc.constant(MISSING));
export const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);

/** Any string outside `values`, including an allowed value in the other case. */
export const outOf = (values: readonly string[]) =>
  fc.oneof(
    fc.string().filter((s) => !values.includes(s)),
    fc
      .constantFrom(...values)
      .map((v) => (v === v.toUpperCase() ? v.toLowerCase() : v.toUpperCase()))
      .filter((s) => !values.includes(s)),
  );

/** A key that is none of `known`, for an unknown field. */
export const unknownKey = (known: readonly string[]) =>
  fc.stringMatching(/^[a-z_]{1,20}$/).filter((k) => !known.includes(k) && k !== "__proto__");

/** A field of `mutations` and one way to break it. */
export const brokenField = (mutations: Mutations) =>
  fc
    .constantFrom(...Object.keys(mutations))
    .chain((field) => fc.oneof(...(mutations[field] ?? [])).map((m) => ({ field, ...m })));

/** Every generated value passes `check`. */
export function acceptsAll<T>(values: fc.Arbitrary<T>, check: (value: T) => void): void {
  fc.assert(fc.property(values, check), { numRuns: NUM_RUNS });
}

/**
 * Breaking one field of a valid value (picked from `mutations`) makes `validate` refuse it with an error at
 * `at(field)` (by default `/field`).
 */
export function rejectsEachBrokenField<T extends object>(
  values: fc.Arbitrary<T>,
  mutations: Mutations,
  validate: (broken: Obj) => ValidationResult,
  at: (field: string) => string = (field) => `/${field}`,
): void {
  fc.assert(
    fc.property(values, brokenField(mutations), (value, { field, value: replacement }) => {
      const result = validate(patch(value, { [field]: replacement }));
      expect(result.valid).toBe(false);
      expect(result.valid ? [] : result.errors.map((e) => e.path)).toContain(at(field));
    }),
    { numRuns: NUM_RUNS },
  );
}
