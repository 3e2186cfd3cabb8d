import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { formats } from "@contracts/runtime/internal";
import { Ajv, type ErrorObject } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { loadSpec } from "../src/load-spec.js";
import { readSpec } from "../src/spec-model.js";
import { generateValidatorCode } from "../src/validators.js";
import { findRepositoryRoot, readApis } from "../src/workspace.js";

// The generator rewrites Ajv's standalone output (aliases, copied references, compact error pushes, no schema
// paths, no message strings). Whatever it does, each compiled schema must accept and reject exactly what Ajv compiling
// the same schema at run time does, with the same errors: same instance path, keyword and parameters.

type Json = Record<string, unknown>;

const root = findRepositoryRoot(import.meta.dirname);
const written: string[] = [];
afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

/**
 * The schema as the reference Ajv takes it: discriminator without mapping, file parts as `true`, and an open enum
 * (`x-open-enum`) as the plain string its generated type says it is.
 */
function prepare(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (typeof schema !== "object" || schema === null) return schema;
  const s = schema as Json;
  if (s.format === "binary") return true;
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith("x-") || (key === "enum" && s["x-open-enum"] === true)) continue;
    if (key === "discriminator") out.discriminator = { propertyName: (value as Json).propertyName };
    else if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, prepare(v)]));
    } else out[key] = prepare(value);
  }
  return out;
}

/** A plausible value of the schema, from its examples where it has them. */
function sample(schema: Json, depth = 0): unknown {
  if (schema.example !== undefined) return schema.example;
  if (depth > 4) return undefined;
  const branches = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (branches?.[0]) return sample(branches[0], depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.type === "array" && schema.items) return [sample(schema.items as Json, depth + 1)];
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties as Record<string, Json>)
        .map(([key, sub]) => [key, sample(sub, depth + 1)])
        .filter(([, value]) => value !== undefined),
    );
  }
  return undefined;
}

/** The sample, and variants of it that break one rule or another. */
function variants(schema: Json): unknown[] {
  const base = sample(schema);
  const out: unknown[] = [base, null, [], "text", 0, 1.5, {}];
  if (typeof base === "object" && base !== null && !Array.isArray(base)) {
    out.push({ ...base, unknown_field: 1 });
    for (const key of Object.keys(schema.properties ?? {})) {
      const { [key]: _, ...without } = base as Json;
      out.push(without);
      for (const wrong of [null, 12345, -1, "", "x".repeat(70), "NOT-A-CODE", {}, [1], true]) {
        out.push({ ...base, [key]: wrong });
      }
    }
  }
  return out;
}

const describeErrors = (errors: readonly Partial<ErrorObject>[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();

describe.each(readApis(root).map((api) => [api.alias, api] as const))("%s", (alias, api) => {
  it("compiles every schema to what Ajv compiles at run time: same answers, same errors", async () => {
    const [bundled, dereferenced] = await Promise.all([loadSpec(api.specPath), loadSpec(api.specPath, true)]);
    const { code } = generateValidatorCode(readSpec(bundled));
    const file = join(import.meta.dirname, `.equivalence-${alias}.tmp.mjs`);
    written.push(file);
    writeFileSync(file, code);
    const generated = (await import(pathToFileURL(file).href)) as Record<string, (data: unknown) => boolean>;

    const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, strictNumbers: true });
    for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
    for (const format of ["password", "binary", "int32", "int64"]) ajv.addFormat(format, true);

    let compared = 0;
    let accepted = 0;
    for (const [name, schema] of Object.entries(dereferenced.components?.schemas ?? {})) {
      const reference = ajv.compile(prepare(schema) as Json);
      const validate = generated[`schema_${name}`] as ((data: unknown) => boolean) & { errors?: ErrorObject[] };
      expect(validate, `schema_${name} is exported`).toBeTypeOf("function");
      for (const value of variants(schema)) {
        const where = `${name} ← ${JSON.stringify(value)}`;
        const valid = reference(value);
        expect(validate(value), where).toBe(valid);
        if (valid) accepted++;
        expect(describeErrors(validate.errors), where).toEqual(describeErrors(reference.errors));
        compared++;
      }
    }
    // both answers must be well represented, or the comparison says little.
    expect(compared).toBeGreaterThan(200);
    expect(accepted).toBeGreaterThan(15);
    expect(compared - accepted).toBeGreaterThan(200);
  }, 30_000);
});
