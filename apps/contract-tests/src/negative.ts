type Json = Record<string, unknown>;

/** One class of bad input: what was broken, in which field, and the body that carries it. */
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
export function negativeBodies(schema: Json, valid: Json, wire: "json" | "multipart"): NegativeCase[] {
  const branch = chooseBranch(schema, valid);
  const properties = (branch.properties as Record<string, Json>) ?? {};
  const required = (branch.required as string[]) ?? [];
  const cases: NegativeCase[] = [];
  const withField = (field: string, value: unknown): Json => ({ ...valid, [field]: value });
  for (const field of required) {
    const { [field]: _dropped, ...rest } = valid;
    cases.push({ kind: "missing required", field, body: rest });
  }
  for (const [field, property] of Object.entries(properties)) {
    if (!(field in valid) || property.format === "binary") continue;
    const types = ([] as unknown[]).concat(property.type ?? []);
    if (types.includes("integer") || types.includes("number")) {
      cases.push({ kind: "wrong type", field, body: withField(field, "not-a-number") });
      if (typeof property.minimum === "number") {
        cases.push({ kind: "out of range", field, body: withField(field, property.minimum - 1) });
      }
    } else if (types.includes("string") && wire === "json") {
      cases.push({ kind: "wrong type", field, body: withField(field, 12345) });
    }
    if (Array.isArray(property.enum) || property.const !== undefined) {
      cases.push({ kind: "not in enum", field, body: withField(field, "NOT_A_DOCUMENTED_VALUE") });
    }
    const format = BAD_FORMAT[String(property.format)];
    if (format) cases.push({ kind: "bad format", field, body: withField(field, format) });
    if (typeof property.pattern === "string")
      cases.push({ kind: "breaks pattern", field, body: withField(field, "!! not valid !!") });
    if (wire === "json" && !types.includes("null")) cases.push({ kind: "null", field, body: withField(field, null) });
  }
  if (branch.additionalProperties === false) {
    cases.push({ kind: "unknown field", field: "unexpected_field", body: withField("unexpected_field", "x") });
  }
  return cases;
}

/** For a oneOf, the branch the example belongs to (by its `const` discriminating property). */
function chooseBranch(schema: Json, valid: Json): Json {
  const branches = schema.oneOf as Json[] | undefined;
  if (!branches) return schema;
  const fits = branches.find((b) =>
    Object.entries((b.properties as Record<string, Json>) ?? {}).every(
      ([field, property]) => property.const === undefined || property.const === valid[field],
    ),
  );
  return fits ?? (branches[0] as Json);
}
