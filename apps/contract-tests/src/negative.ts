import { pointerSegment } from "@contracts/codegen";
import type { Json, Located, SpecContext } from "./spec.js";

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

/**
 * Bodies that each break one rule of the schema, derived from a valid example: every required field left out, every
 * field of the wrong type, out of its enum, format, pattern or range, set to null, plus an unknown field. `wire`
 * says how the body travels: in multipart every value is text, so "wrong type" for a string and "null" do not exist.
 */
export function negativeBodies(
  spec: SpecContext,
  schema: Located,
  valid: Json,
  wire: "json" | "multipart",
): NegativeCase[] {
  const branch = chooseBranch(spec, schema, valid);
  const properties = (branch.node.properties as Record<string, Json>) ?? {};
  const required = (branch.node.required as string[]) ?? [];
  const cases: NegativeCase[] = [];
  const withField = (field: string, value: unknown): Json => ({ ...valid, [field]: value });
  for (const field of required) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ kind: "missing required", field, pointer: `${branch.pointer}/required`, body: rest });
  }
  for (const [field, raw] of Object.entries(properties)) {
    const pointer = `${branch.pointer}/properties/${pointerSegment(field)}`;
    const property = spec.resolve(raw, pointer).node;
    if (!(field in valid) || property.format === "binary") continue;
    const add = (kind: NegativeCase["kind"], value: unknown) =>
      cases.push({ kind, field, pointer, body: withField(field, value) });
    const types = ([] as unknown[]).concat(property.type ?? []);
    if (types.includes("integer") || types.includes("number")) {
      add("wrong type", "not-a-number");
      if (typeof property.minimum === "number") add("out of range", property.minimum - 1);
    } else if (types.includes("string") && wire === "json") {
      add("wrong type", 12345);
    }
    if (Array.isArray(property.enum) || property.const !== undefined) add("not in enum", "NOT_A_DOCUMENTED_VALUE");
    const format = BAD_FORMAT[String(property.format)];
    if (format) add("bad format", format);
    if (typeof property.pattern === "string") add("breaks pattern", "!! not valid !!");
    if (wire === "json" && !types.includes("null")) add("null", null);
  }
  if (branch.node.additionalProperties === false) {
    cases.push({
      kind: "unknown field",
      field: "unexpected_field",
      pointer: `${branch.pointer}/additionalProperties`,
      body: withField("unexpected_field", "x"),
    });
  }
  return cases;
}

/** For a oneOf, the branch the example belongs to (by its `const` discriminating property), with its pointer. */
function chooseBranch(spec: SpecContext, schema: Located, valid: Json): Located {
  const branches = schema.node.oneOf as Json[] | undefined;
  if (!branches) return schema;
  const located = branches.map((b, i) => spec.resolve(b, `${schema.pointer}/oneOf/${i}`));
  const fits = located.find(({ node }) =>
    Object.entries((node.properties as Record<string, Json>) ?? {}).every(
      ([field, property]) => property.const === undefined || property.const === valid[field],
    ),
  );
  return fits ?? (located[0] as Located);
}
