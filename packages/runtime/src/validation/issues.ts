import { fieldLabel, valueAt } from "./pointer.js";

/**
 * One broken rule, as data: where (a JSON pointer into the input), which field (as a person names it, without the
 * `query`/`path` a parameter set adds), the schema keyword and its parameters, and a sentence for people. Code
 * branches on `field`, `keyword` and `params`, never on `message`.
 */
export interface ValidationIssue {
  path: string;
  /** `amount`, `data.accounts[0].id`, `page_size` (a parameter's own name); empty for the value itself. */
  field: string;
  keyword: string;
  params: Readonly<Record<string, unknown>>;
  message: string;
}

/** An error as Ajv's generated code reports it. */
export interface RawValidationError {
  instancePath: string;
  /** Where in the schema the rule is; the generated code leaves it out (nothing here reads it). */
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** The property that picks a request body's branch, and the values it may take. */
export interface DiscriminatorDescriptor {
  propertyName: string;
  values: readonly string[];
}

/** What a description of errors needs beside them. */
export interface DescribeContext {
  /** Every `pattern` of the spec mapped to the sentence its `x-pattern-message` gives. */
  patternMessages: Readonly<Record<string, string>>;
  /** The validated value, to tell `null` from a wrong type and to name a discriminated branch. */
  data: unknown;
  discriminator?: DiscriminatorDescriptor | undefined;
  /** The value is a parameter set (`{ path, query }`): a field's name (and sentence) leaves the location out. */
  parameters?: boolean;
}

const FORMATS: Record<string, string> = {
  uuid: "a UUID such as 123e4567-e89b-42d3-a456-426614174000",
  date: "a date as YYYY-MM-DD, such as 2024-01-15",
  "date-time": "a date-time such as 2024-01-15T10:30:00Z",
  uri: "an absolute URI",
  email: "an email address",
};

const TYPES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  object: "an object",
  array: "an array",
  boolean: "true or false",
  null: "null",
};

const typeNames = (type: unknown) =>
  String(type)
    .split(",")
    .map((t) => TYPES[t] ?? t)
    .join(" or ");

/**
 * The one table of sentences: each keyword's rule, as said after the field's label. A keyword the specs do not use
 * gets a sentence from its parameters rather than a copy of Ajv's English.
 */
const RULES: Record<string, (p: Record<string, unknown>, ctx: DescribeContext, path: string) => string> = {
  required: () => "is required",
  additionalProperties: () => "is not a known field; remove it",
  type: (p, ctx, path) => `must be ${typeNames(p.type)}${valueAt(ctx.data, path) === null ? ", not null" : ""}`,
  enum: (p) => `must be one of: ${(p.allowedValues as unknown[]).map(String).join(", ")}`,
  const: (p) => `must be ${JSON.stringify(p.allowedValue)}`,
  pattern: (p, ctx) => `must be ${ctx.patternMessages[String(p.pattern)] ?? `text matching ${String(p.pattern)}`}`,
  format: (p) => `must be ${FORMATS[String(p.format)] ?? `a valid ${String(p.format)}`}`,
  minimum: (p) => `must be at least ${String(p.limit)}`,
  exclusiveMinimum: (p) => `must be greater than ${String(p.limit)}`,
  maximum: (p) => `must be at most ${String(p.limit)}`,
  exclusiveMaximum: (p) => `must be less than ${String(p.limit)}`,
  minLength: (p) => (p.limit === 1 ? "must not be empty" : `must be at least ${String(p.limit)} characters long`),
  maxLength: (p) => `must be at most ${String(p.limit)} characters long`,
  minItems: (p) => `must have at least ${String(p.limit)} items`,
  maxItems: (p) => `must have at most ${String(p.limit)} items`,
  uniqueItems: (p) => `must not repeat an item (items ${String(p.j)} and ${String(p.i)} are the same)`,
  multipleOf: (p) => `must be a multiple of ${String(p.multipleOf)}`,
  minProperties: (p) => `must have at least ${String(p.limit)} fields`,
  maxProperties: (p) => `must have at most ${String(p.limit)} fields`,
  oneOf: () => "does not match any of its allowed forms",
  anyOf: () => "does not match any of its allowed forms",
};

/** Turns Ajv's errors into issues a person can act on and code can branch on, each naming the field and the rule. */
export function describeErrors(raw: readonly RawValidationError[], ctx: DescribeContext): ValidationIssue[] {
  const kept = raw.some((e) => e.keyword === "oneOf" || e.keyword === "anyOf") ? withoutBranchErrors(raw) : raw;
  const issues: ValidationIssue[] = [];
  // Ajv may report one rule twice (through two references); an invalid value has a handful of issues, so a
  // scan of those kept so far is cheaper than hashing each one.
  outer: for (const error of kept) {
    const issue = describe(error, ctx);
    for (const other of issues) if (other.path === issue.path && other.message === issue.message) continue outer;
    issues.push(issue);
  }
  return issues;
}

function describe(e: RawValidationError, ctx: DescribeContext): ValidationIssue {
  const p = e.params;
  // `required`, `additionalProperties` and a discriminator's tag name the property below the error's path.
  const below =
    e.keyword === "required"
      ? p.missingProperty
      : e.keyword === "additionalProperties"
        ? p.additionalProperty
        : e.keyword === "discriminator"
          ? p.tag
          : undefined;
  const path = below === undefined ? e.instancePath : `${e.instancePath}/${String(below)}`;
  const field = fieldLabel(path, ctx.parameters ? 1 : 0);
  const label = field || "The value";
  let rule: string;
  if (e.keyword === "discriminator") {
    const allowed = ctx.discriminator?.values.join(", ") ?? "the documented values";
    rule = p.tagValue === undefined ? "is required" : `must be one of: ${allowed}`;
  } else if (e.keyword === "required" && ctx.discriminator && e.instancePath === "") {
    const tag = valueAt(ctx.data, `/${ctx.discriminator.propertyName}`);
    rule = typeof tag === "string" ? `is required when ${ctx.discriminator.propertyName} is ${tag}` : "is required";
  } else {
    const sentence = RULES[e.keyword];
    rule = sentence ? sentence(p, ctx, path) : (e.message ?? `breaks the rule "${e.keyword}" (${JSON.stringify(p)})`);
  }
  return { path, field, keyword: e.keyword, params: p, message: `${label} ${rule}.` };
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
