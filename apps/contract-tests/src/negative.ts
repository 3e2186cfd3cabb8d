import type { BodyBranchFacts, OperationFacts } from "@contracts/codegen/registry";
import type { Json } from "./spec.js";
/** One class of bad input: what was broken, in which field, the spec rule it breaks, and the body that carries it. */
export interface NegativeCase {
  kind:
    | "missing required"
    | "wrong type"
    | "not in enum"
    | "bad format"
    | "breaks pattern"
    | "out of range"
    | "unknown field"
    | "null";
  field: string;
  /** JSON pointer of the rule in the spec: the property, its `required` list, or `additionalProperties`. */
  pointer: string;
  body: Json;
}

const BAD_FORMAT: Record<string, string> = {
  uuid: "not-a-uuid",
  date: "15/01/2024",
  "date-time": "yesterday",
  uri: "not a uri",
};

/** Bodies that each break one rule of the example's form; in multipart all is text, so no wrong type or null. */
export function negativeBodies(
  branches: readonly BodyBranchFacts[],
  valid: Json,
  wire: "json" | "multipart",
): NegativeCase[] {
  const branch = chooseBranch(branches, valid);
  const cases: NegativeCase[] = [];
  const withField = (field: string, value: unknown): Json => ({ ...valid, [field]: value });
  for (const field of branch.required) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ kind: "missing required", field, pointer: `${branch.pointer}/required`, body: rest });
  }
  for (const property of branch.properties) {
    const { name: field, pointer } = property;
    if (!(field in valid) || property.binary) continue;
    const add = (kind: NegativeCase["kind"], value: unknown) =>
      cases.push({ kind, field, pointer, body: withField(field, value) });
    const types = property.types;
    if (types.includes("integer") || types.includes("number")) {
      add("wrong type", "not-a-number");
      if (typeof property.minimum === "number") add("out of range", property.minimum - 1);
    } else if (types.includes("string") && wire === "json") {
      add("wrong type", 12345);
    }
    if (property.enum !== undefined || property.const !== undefined) add("not in enum", "NOT_A_DOCUMENTED_VALUE");
    const format = BAD_FORMAT[String(property.format)];
    if (format) add("bad format", format);
    if (property.pattern !== undefined) add("breaks pattern", "!! not valid !!");
    if (wire === "json" && !types.includes("null")) add("null", null);
  }
  if (branch.closed) {
    cases.push({
      kind: "unknown field",
      field: "unexpected_field",
      pointer: `${branch.pointer}/additionalProperties`,
      body: withField("unexpected_field", "x"),
    });
  }
  return cases;
}

/** The form the example belongs to: the branch whose `const` properties it matches. */
function chooseBranch(branches: readonly BodyBranchFacts[], valid: Json): BodyBranchFacts {
  const fits = branches.find((b) => b.properties.every((p) => p.const === undefined || p.const === valid[p.name]));
  const branch = fits ?? branches[0];
  if (!branch) throw new Error("A request body without a form has nothing to break.");
  return branch;
}

/** One bad query value: the parameter, the rule it breaks, and where that rule is in the spec (its schema). */
export interface NegativeParameter {
  kind: "wrong type" | "not in enum" | "bad format" | "out of range";
  name: string;
  value: unknown;
  pointer: string;
  /** For a case's name: `page_size above maximum (101)`. */
  what: string;
}

/** Query values that each break one rule of a parameter's schema, from the generated spec facts. */
export function negativeParameters(parameters: OperationFacts["parameters"]): NegativeParameter[] {
  const cases: NegativeParameter[] = [];
  for (const { name, pointer, schema } of parameters) {
    const add = (kind: NegativeParameter["kind"], label: string, value: unknown) =>
      cases.push({
        kind,
        name,
        value,
        pointer: `${pointer}/schema`,
        what: `${name} ${label} (${JSON.stringify(value)})`,
      });
    if (schema.types.includes("integer") || schema.types.includes("number"))
      add("wrong type", "of the wrong type", "abc");
    if (typeof schema.minimum === "number") add("out of range", "below minimum", schema.minimum - 1);
    if (typeof schema.maximum === "number") add("out of range", "above maximum", schema.maximum + 1);
    if (schema.enum !== undefined) add("not in enum", "not in the enum", "NOT_A_DOCUMENTED_VALUE");
    const format = BAD_FORMAT[String(schema.format)];
    if (format) add("bad format", "of a bad format", format);
  }
  return cases;
}
