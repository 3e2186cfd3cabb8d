import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../src/load-spec.js";
import { readSpec } from "../src/spec-model.js";
import { createSchemaTranslator, generateValidatorCode } from "../src/validators.js";

// What the generator does to the standalone code Ajv writes, each step with the test that fails without it.

const document = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Decimal: { type: "string", pattern: "^[0-9]+\\.[0-9]{2}$", format: "date" },
    },
  },
} as unknown as OpenApiDocument;

const { code } = generateValidatorCode(readSpec(document));

describe("the generated standalone module", () => {
  it("is ESM: Ajv's CommonJS helper requires become one import from the runtime", () => {
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toContain('"use strict"');
    expect(code).toMatch(/^import \{ formats(, ucs2length)? \} from "@contracts\/runtime\/internal\/validation";$/m);
  });
});

describe("the request view of schemas that hold an open enum", () => {
  it("closes every schema that reaches one, through a cycle too", () => {
    const cyclic = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {},
      components: {
        schemas: {
          // A names B before its own open enum, so B is judged while A's answer is still pending.
          A: {
            type: "object",
            properties: {
              b: { $ref: "#/components/schemas/B" },
              status: { type: "string", enum: ["open"], "x-open-enum": true },
            },
          },
          B: { type: "object", properties: { a: { $ref: "#/components/schemas/A" } } },
          C: { type: "object", properties: { n: { type: "integer" } } },
        },
      },
    } as unknown as OpenApiDocument;
    const translate = createSchemaTranslator(cyclic, {}, {});
    const refOf = (name: string) =>
      (translate({ $ref: `#/components/schemas/${name}` }, "request") as { $ref: string }).$ref;
    expect(refOf("A")).toBe("spec#/$defs/A.request");
    expect(refOf("B")).toBe("spec#/$defs/B.request");
    expect(refOf("C")).toBe("spec#/$defs/C");
  });
});
