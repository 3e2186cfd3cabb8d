import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/errors.js";
import {
  assertValid,
  type CompiledValidator,
  createValidators,
  describeErrors,
  type RawValidationError,
} from "../src/internal-validation.js";
import type { OperationTable } from "../src/operation-table.js";
import { op } from "./support/operation.js";

/** A stand-in for a compiled schema: accepts what `accept` accepts, else reports `errors`. */
function compiled(accept: (data: unknown) => boolean, errors: RawValidationError[] = []): CompiledValidator {
  const validate: CompiledValidator = (data) => {
    const ok = accept(data);
    validate.errors = ok ? null : errors;
    return ok;
  };
  return validate;
}

const error = (keyword: string, instancePath: string, params: Record<string, unknown>): RawValidationError => ({
  instancePath,
  schemaPath: `#/${keyword}`,
  keyword,
  params,
});

const operations = {
  Upload: op("Upload", {
    requestBody: {
      required: true,
      contentType: "multipart/form-data",
      files: { proof: { maxBytes: 4, contentTypes: ["application/pdf"] } },
    },
    responses: { "201": { contentType: "application/json" }, "4XX": { contentType: "application/json" } },
  }),
  Ping: op("Ping", {
    method: "GET",
    responses: { "200": { contentType: "application/json" }, "204": { contentType: null } },
  }),
  Echo: op("Echo", {
    requestBody: { required: false, contentType: "application/json", files: {} },
    responses: { default: { contentType: "application/json" } },
  }),
} satisfies OperationTable;

const isObject = (v: unknown) => typeof v === "object" && v !== null;
const validators = createValidators({
  operations,
  requestBodies: {
    Upload: compiled(isObject, [error("type", "", { type: "object" })]),
    Echo: compiled((v) => v === "hello", [error("const", "", { allowedValue: "hello" })]),
  },
  params: {},
  responses: {
    Upload: {
      "201": compiled((v) => v === 201, [error("const", "", { allowedValue: 201 })]),
      "4XX": compiled((v) => v === 400, [error("const", "", { allowedValue: 400 })]),
    },
    Ping: { "200": compiled((v) => v === "pong", [error("const", "", { allowedValue: "pong" })]) },
    Echo: { default: compiled((v) => v === "any", [error("const", "", { allowedValue: "any" })]) },
  },
  patternMessages: {},
  discriminators: {},
});

const pdf = (bytes: number, type = "application/pdf") => new Blob(["x".repeat(bytes)], { type });

describe("createValidators", () => {
  it("returns the same frozen result for every valid value", () => {
    const first = validators.validateRequestBody("Upload", { proof: pdf(1) });
    expect(first).toEqual({ valid: true });
    expect(validators.validateRequestBody("Echo", "hello")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("checks file parts when the schema passes, and together with the schema's errors when it does not", () => {
    expect(validators.validateRequestBody("Upload", { proof: pdf(5, "Text/Plain; charset=utf-8") })).toEqual({
      valid: false,
      errors: [
        {
          path: "/proof",
          field: "proof",
          keyword: "maxBytes",
          params: { limit: 4, size: 5 },
          message: "proof must be at most 4 bytes (0.0 MB); this file has 5 bytes.",
        },
        {
          path: "/proof",
          field: "proof",
          keyword: "contentType",
          params: { allowedValues: ["application/pdf"], type: "text/plain" },
          message: 'proof must be one of these file types: application/pdf; this file is "text/plain".',
        },
      ],
    });
    expect(validators.validateRequestBody("Upload", "not an object")).toEqual({
      valid: false,
      errors: [
        { path: "", field: "", keyword: "type", params: { type: "object" }, message: "The value must be an object." },
      ],
    });
  });

  it("handles a missing or unexpected body", () => {
    expect(validators.validateRequestBody("Upload", undefined)).toEqual({
      valid: false,
      errors: [{ path: "", field: "", keyword: "required", params: {}, message: "The request body is required." }],
    });
    expect(validators.validateRequestBody("Echo", undefined)).toEqual({ valid: true });
    expect(validators.validateRequestBody("Ping", {})).toEqual({
      valid: false,
      errors: [{ path: "", field: "", keyword: "body", params: {}, message: "Ping takes no request body." }],
    });
    expect(validators.validateRequestBody("Ping", undefined)).toEqual({ valid: true });
  });

  it("picks the response schema by exact status, then nXX, then default, the same on every call", () => {
    for (let i = 0; i < 2; i++) {
      expect(validators.validateResponseBody("Upload", 201, 201).valid).toBe(true);
      expect(validators.validateResponseBody("Upload", "201", 400).valid).toBe(false);
      expect(validators.validateResponseBody("Upload", 404, 400).valid).toBe(true);
      expect(validators.validateResponseBody("Upload", 422, 201).valid).toBe(false);
      expect(validators.validateResponseBody("Echo", 503, "any").valid).toBe(true);
      expect(validators.validateResponseBody("Ping", 204, "anything")).toEqual({ valid: true });
      expect(validators.validateResponseBody("Ping", 500, "pong")).toEqual({
        valid: false,
        errors: [
          {
            path: "",
            field: "",
            keyword: "status",
            params: {},
            message: "HTTP 500 is not a documented response of Ping.",
          },
        ],
      });
      expect(validators.validateResponseBody("Ping", "weird", "pong").valid).toBe(false);
    }
  });

  it("throws for an operation it does not know, inherited names included", () => {
    for (const id of ["Nope", "constructor", "toString"]) {
      expect(() => validators.validateRequestBody(id as "Ping", undefined)).toThrow(`Unknown operationId "${id}".`);
      expect(() => validators.validateResponseBody(id as "Ping", 200, undefined)).toThrow(TypeError);
      expect(() => validators.validateRequestParams(id as "Ping")).toThrow(TypeError);
    }
  });
});

describe("assertValid, the one assertion", () => {
  const schema = compiled(isObject, [error("type", "", { type: "object" })]);
  const files = { proof: { maxBytes: 4, contentTypes: [] } };
  const caught = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (thrown) {
      return thrown as ValidationError;
    }
  };

  it("checks file parts only when the schema has some", () => {
    expect(caught(() => assertValid("Form", schema, { proof: "text" }))).toBeUndefined();
    expect(caught(() => assertValid("Form", schema, { proof: "text" }, {}, files))).toBeInstanceOf(ValidationError);
    expect(caught(() => assertValid("Form", schema, { proof: pdf(4) }, {}, files))).toBeUndefined();
  });

  it("names every broken rule", () => {
    expect(() => assertValid("Form", schema, { proof: pdf(1) }, {}, files)).not.toThrow();
    expect(() => assertValid("Form", schema, { proof: null }, {}, files)).toThrow(
      "Form is invalid: proof must be a file (a Blob or File), not null.",
    );
    expect(() => assertValid("Form", schema, null, {}, files)).toThrow(
      "Form is invalid: The value must be an object, not null.",
    );
    expect(() => assertValid("Form", schema, "text")).toThrow("Form is invalid: The value must be an object.");
    expect(caught(() => assertValid("Form", schema, { proof: pdf(9) }, {}, files))?.errors).toEqual([
      {
        path: "/proof",
        field: "proof",
        keyword: "maxBytes",
        params: { limit: 4, size: 9 },
        message: "proof must be at most 4 bytes (0.0 MB); this file has 9 bytes.",
      },
    ]);
  });
});

describe("describeErrors", () => {
  it("labels paths with indexes, escapes and the root", () => {
    const issues = describeErrors(
      [
        error("minLength", "/data/accounts/0/a~1b~0c", { limit: 1 }),
        error("maxLength", "", { limit: 3 }),
        error("required", "/items/12", { missingProperty: "id" }),
      ],
      { patternMessages: {}, data: {} },
    );
    expect(issues.map((i) => i.message)).toEqual([
      "data.accounts[0].a/b~c must not be empty.",
      "The value must be at most 3 characters long.",
      "items[12].id is required.",
    ]);
  });

  it("drops repeats and keeps the first occurrence's place", () => {
    const issues = describeErrors(
      [
        error("type", "/a", { type: "string" }),
        error("minimum", "/b", { limit: 1 }),
        error("type", "/a", { type: "string" }),
      ],
      { patternMessages: {}, data: { a: 1, b: 0 } },
    );
    expect(issues.map((i) => i.path)).toEqual(["/a", "/b"]);
  });

  it("gives one sentence for a failed oneOf instead of each branch's errors", () => {
    const issues = describeErrors(
      [
        error("required", "/x", { missingProperty: "a" }),
        error("type", "/y", { type: "string" }),
        error("required", "/x", { missingProperty: "b" }),
        error("oneOf", "/x", { passingSchemas: null }),
      ],
      { patternMessages: {}, data: { x: {}, y: 1 } },
    );
    expect(issues).toEqual([
      { path: "/y", field: "y", keyword: "type", params: { type: "string" }, message: "y must be a string." },
      {
        path: "/x",
        field: "x",
        keyword: "oneOf",
        params: { passingSchemas: null },
        message: "x does not match any of its allowed forms.",
      },
    ]);
  });

  it("names a parameter's field without the location the parameter set puts before it", () => {
    const [issue] = describeErrors([error("maximum", "/query/page_size", { limit: 100 })], {
      patternMessages: {},
      data: { query: { page_size: 101 } },
      parameters: true,
    });
    expect(issue).toEqual({
      path: "/query/page_size",
      field: "page_size",
      keyword: "maximum",
      params: { limit: 100 },
      message: "page_size must be at most 100.",
    });
  });

  it.each([
    ["multipleOf", { multipleOf: 5 }, "v must be a multiple of 5."],
    ["uniqueItems", { i: 3, j: 1 }, "v must not repeat an item (items 1 and 3 are the same)."],
    ["minProperties", { limit: 2 }, "v must have at least 2 fields."],
    ["maxProperties", { limit: 9 }, "v must have at most 9 fields."],
  ])("%s, a keyword the specs do not use yet, has its sentence too", (keyword, params, message) => {
    expect(describeErrors([error(keyword, "/v", params)], { patternMessages: {}, data: { v: 1 } })).toEqual([
      { path: "/v", field: "v", keyword, params, message },
    ]);
  });

  // the generated code carries no Ajv messages (`messages: false`): a keyword outside the one table of sentences
  // gets one that says the rule and its parameters, not a copy of Ajv's English.
  it.each([
    ["x-custom", {}],
    ["x-limit", { limit: 3 }],
  ])("%s gets a sentence from its parameters (%j)", (keyword, params) => {
    expect(describeErrors([error(keyword, "/v", params)], { patternMessages: {}, data: { v: 1 } })).toEqual([
      {
        path: "/v",
        field: "v",
        keyword,
        params,
        message: `v breaks the rule "${keyword}" (${JSON.stringify(params)}).`,
      },
    ]);
  });

  it("prefers a message Ajv did write", () => {
    const raw = { ...error("x-custom", "", { multipleOf: 2 }), message: "custom words" };
    expect(describeErrors([raw], { patternMessages: {}, data: 1 })[0]?.message).toBe("The value custom words.");
  });
});
