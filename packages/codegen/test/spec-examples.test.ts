import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { loadSpec, type OpenApiDocument } from "../src/load-spec.js";
import { findRepositoryRoot, readApis } from "../src/workspace.js";

type Json = Record<string, unknown>;

interface ExampleCase {
  where: string;
  schema: Json;
  value: unknown;
}

/** Every example in a dereferenced spec, paired with the schema it must satisfy. */
function collectExamples(document: OpenApiDocument): { cases: ExampleCase[]; missing: string[] } {
  const cases: ExampleCase[] = [];
  const missing: string[] = [];
  const fromMedia = (where: string, media: Json) => {
    const named = Object.entries((media.examples as Record<string, { value: unknown }>) ?? {});
    if (media.example !== undefined) named.push(["example", { value: media.example }]);
    if (named.length === 0) missing.push(where);
    for (const [name, example] of named)
      cases.push({ where: `${where} (${name})`, schema: media.schema as Json, value: example.value });
  };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item) as Array<[string, Json]>) {
      const id = `${method.toUpperCase()} ${path}`;
      for (const param of (op.parameters as Json[]) ?? []) {
        if (param.example !== undefined)
          cases.push({ where: `${id} param ${param.name}`, schema: param.schema as Json, value: param.example });
        for (const [name, ex] of Object.entries((param.examples as Record<string, { value: unknown }>) ?? {})) {
          cases.push({ where: `${id} param ${param.name} (${name})`, schema: param.schema as Json, value: ex.value });
        }
      }
      for (const [type, media] of Object.entries(((op.requestBody as Json)?.content as Record<string, Json>) ?? {})) {
        fromMedia(`${id} request ${type}`, media);
      }
      for (const [status, response] of Object.entries((op.responses as Record<string, Json>) ?? {})) {
        for (const [type, media] of Object.entries((response.content as Record<string, Json>) ?? {})) {
          fromMedia(`${id} ${status} ${type}`, media);
        }
      }
    }
  }
  return { cases, missing };
}

/** OpenAPI's `discriminator` is an annotation for JSON Schema; `oneOf` with `const` branches does the checking. */
function withoutDiscriminators(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDiscriminators);
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== "discriminator")
      .map(([key, value]) => [key, withoutDiscriminators(value)]),
  );
}

// ajv-formats is CommonJS; under NodeNext its default import is the module, whose `default` is the plugin.
const addFormats = ajvFormats.default;

const root = findRepositoryRoot(import.meta.dirname);
const apis = readApis(root);

describe.each(apis)("examples of $alias", async (api) => {
  const document = await loadSpec(api.specPath, true);
  const { cases, missing } = collectExamples(document);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  it("has an example for every request body and every response", () => {
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases.map((c) => [c.where, c] as const))("%s is valid against its schema", (_where, example) => {
    const validate = ajv.compile(withoutDiscriminators(example.schema) as Json);
    const valid = validate(example.value);
    expect(validate.errors ?? [], JSON.stringify(example.value)).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("the seed's sample account_id", () => {
  it("is rejected by the WithdrawalRequest schema, because it is not a UUID", async () => {
    const upmobile = apis.find((a) => a.alias === "upmobile");
    if (!upmobile) throw new Error("redocly.yaml must name the upmobile API");
    const document = await loadSpec(upmobile.specPath, true);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(document.components?.schemas?.WithdrawalRequest as Json);
    const request = {
      account_id: "1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p",
      amount: "100.00",
      category_code: "mobile",
      currency_code: "RUB",
      destination: "+79999999999",
      operator_code: "beeline",
      region_code: "RU",
    };
    expect(validate(request)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([["/account_id", "format"]]);
    expect(validate({ ...request, account_id: "0f8e2c1a-3b4d-4e5f-8a9b-1c2d3e4f5a6b" })).toBe(true);
  });
});
