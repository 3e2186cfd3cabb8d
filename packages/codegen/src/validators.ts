import { formats } from "@contracts/runtime/ajv-helpers";
import { _, Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { OpenApiDocument, SchemaObject } from "./load-spec.js";

type Json = Record<string, unknown>;

/** Keywords that constrain nothing; leaving them out keeps the generated code small. */
const ANNOTATIONS = new Set(["example", "examples", "description", "title", "deprecated", "externalDocs", "$comment"]);

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Ajv writes these CommonJS `require`s into standalone code; each maps to an ESM export of @contracts/runtime. */
const RUNTIME_HELPERS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
  'require("@contracts/runtime/formats").formats': "formats",
};

/** The names under which each validator is exported from the standalone module. */
export interface ValidatorPlan {
  schemas: string[];
  requestBodies: string[];
  params: string[];
  responses: Array<{ operationId: string; status: string }>;
  /** Every `pattern` of the spec mapped to the sentence its `x-pattern-message` gives, for error messages. */
  patternMessages: Record<string, string>;
  /** Component schemas with file parts, and those parts' limits (checked in JS, not by Ajv). */
  schemaFiles: Record<string, Record<string, { maxBytes: number | null; contentTypes: string[] }>>;
  /** Request bodies whose root is a discriminated union: the property that picks the branch, and its values. */
  discriminators: Record<string, { propertyName: string; values: string[] }>;
}

/**
 * Compiles every component schema, request body, parameter set and JSON response of the spec into one standalone
 * ES module of plain functions: no schema compilation and no `eval` at run time, no Node built-ins.
 */
export function generateValidatorCode(document: OpenApiDocument): { code: string; plan: ValidatorPlan } {
  const defs: Record<string, unknown> = {};
  const plan: ValidatorPlan = {
    schemas: [],
    requestBodies: [],
    params: [],
    responses: [],
    patternMessages: {},
    discriminators: {},
    schemaFiles: {},
  };
  const exportsMap: Record<string, string> = {};
  const add = (exportName: string, defName: string, schema: unknown) => {
    defs[defName] = toAjvSchema(schema, plan.patternMessages);
    exportsMap[exportName] = `spec#/$defs/${encodePointer(defName)}`;
  };

  for (const name of Object.keys(document.components?.schemas ?? {}).sort()) {
    const schema = document.components?.schemas?.[name] as Json;
    add(`schema_${name}`, name, schema);
    plan.schemas.push(name);
    const files = fileRules(schema, document);
    if (Object.keys(files).length > 0) plan.schemaFiles[name] = files;
  }
  for (const item of Object.values(document.paths ?? {})) {
    const local = (value: unknown) => resolveComponent(value, document);
    const shared = ((item.parameters as Json[] | undefined) ?? []).map(local) as Json[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const id = op.operationId as string;
      add(
        `params_${id}`,
        `${id}.params`,
        paramsSchema([...shared, ...(((op.parameters as Json[]) ?? []).map(local) as Json[])]),
      );
      plan.params.push(id);
      const body = firstMedia(local(op.requestBody)?.content as Json | undefined);
      if (body?.schema) {
        add(`request_${id}`, `${id}.request`, body.schema);
        plan.requestBodies.push(id);
        const discriminator = discriminatorOf(body.schema as Json, document);
        if (discriminator) plan.discriminators[id] = discriminator;
      }
      for (const [status, response] of Object.entries((op.responses as Record<string, Json>) ?? {}).sort()) {
        const media = firstMedia(local(response)?.content as Json | undefined);
        if (!media?.schema) continue;
        add(`response_${id}_${status}`, `${id}.response.${status}`, media.schema);
        plan.responses.push({ operationId: id, status });
      }
    }
  }

  // Note: draft-07 mode: the specs use no 2020-12-only keyword, and Ajv's 2020 mode adds unevaluated-property
  // bookkeeping to every function, which makes the code larger and slower for nothing.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    discriminator: true,
    // Note: JSON has no Infinity or NaN; without this an integer field would accept them from JavaScript callers.
    strictNumbers: true,
    // Note: one function per named schema, shared by every place that references it, instead of a copy in each.
    inlineRefs: false,
    code: { source: true, esm: true, lines: true, formats: _`require("@contracts/runtime/formats").formats` },
  });
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  // Note: annotation-only formats the specs use; Ajv must know them to compile, they constrain nothing.
  for (const format of ["password", "binary", "int32", "int64"]) ajv.addFormat(format, true);
  ajv.addSchema({ $id: "spec", $defs: defs });
  const raw = standaloneCode.default(ajv, exportsMap);
  return { code: rewriteRequires(raw), plan };
}

/** Turns Ajv's CommonJS helper `require`s into one ESM import from @contracts/runtime; fails on anything else. */
function rewriteRequires(code: string): string {
  const used = new Set<string>();
  let out = code.replace(/^"use strict";/, "");
  for (const [call, name] of Object.entries(RUNTIME_HELPERS)) {
    if (out.includes(call)) {
      used.add(name);
      out = out.split(call).join(name);
    }
  }
  const leftover = out.match(/require\([^)]*\)/);
  if (leftover) throw new Error(`Ajv emitted an unmapped ${leftover[0]}; add it to RUNTIME_HELPERS.`);
  const imports = used.size ? `import { ${[...used].sort().join(", ")} } from "@contracts/runtime/ajv-helpers";\n` : "";
  return `${imports}${dropUnusedSchemaConstants(out).trim()}\n`;
}

/** Follows a `#/components/…` reference to a response, parameter or request body (schemas stay references). */
function resolveComponent(value: unknown, document: OpenApiDocument): Json | undefined {
  let current = value as Json | undefined;
  for (let hops = 0; typeof current?.$ref === "string" && hops < 10; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, "").split("/");
    current = pointer.reduce<unknown>(
      (node, seg) => (node as Json | undefined)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")],
      document,
    ) as Json | undefined;
  }
  return current;
}

/**
 * Ajv's standalone output declares `const schemaN = {…}` for every schema, though only some are referenced (for
 * `enum` and `const` values); dropping the rest roughly halves the file.
 */
function dropUnusedSchemaConstants(code: string): string {
  let out = code;
  for (const match of code.matchAll(/^const (schema\d+) = /gm)) {
    const name = match[1] as string;
    const uses = out.match(new RegExp(`\\b${name}\\b`, "g"))?.length ?? 0;
    if (uses > 1) continue;
    const start = out.indexOf(`const ${name} = `);
    const end = out.indexOf(";\n", start);
    out = out.slice(0, start) + out.slice(end + 2);
  }
  return out;
}

function firstMedia(content: Json | undefined): Json | undefined {
  return Object.values(content ?? {})[0] as Json | undefined;
}

function paramsSchema(parameters: Json[]): Json {
  const group = (where: string) => {
    const list = parameters.filter((p) => p.in === where);
    return {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name as string, p.schema ?? {}])),
      required: list.filter((p) => p.required).map((p) => p.name as string),
      additionalProperties: false,
    };
  };
  return { type: "object", properties: { path: group("path"), query: group("query") }, additionalProperties: false };
}

/** File parts of a schema (through refs and oneOf branches) with their `x-max-bytes` and `x-content-types`. */
function fileRules(schema: Json, document: OpenApiDocument): ValidatorPlan["schemaFiles"][string] {
  const rules: ValidatorPlan["schemaFiles"][string] = {};
  const visit = (node: Json, depth: number) => {
    if (depth > 5) return;
    const s = resolveRef(node, document);
    for (const [name, property] of Object.entries((s.properties as Record<string, Json>) ?? {})) {
      if (property.format !== "binary") continue;
      rules[name] = {
        maxBytes: typeof property["x-max-bytes"] === "number" ? property["x-max-bytes"] : null,
        contentTypes: (property["x-content-types"] as string[] | undefined) ?? [],
      };
    }
    for (const branch of [
      ...((s.oneOf as Json[]) ?? []),
      ...((s.anyOf as Json[]) ?? []),
      ...((s.allOf as Json[]) ?? []),
    ]) {
      visit(branch, depth + 1);
    }
  };
  visit(schema, 0);
  return rules;
}

function discriminatorOf(schema: Json, document: OpenApiDocument): ValidatorPlan["discriminators"][string] | undefined {
  const resolved = resolveRef(schema, document);
  const discriminator = resolved.discriminator as { propertyName: string; mapping?: Json } | undefined;
  if (!discriminator) return undefined;
  const values = ((resolved.oneOf as Json[] | undefined) ?? []).map((branch) => {
    const property = (resolveRef(branch, document).properties as Record<string, Json> | undefined)?.[
      discriminator.propertyName
    ];
    return (property?.const ?? (property?.enum as unknown[] | undefined)?.[0]) as string | undefined;
  });
  return { propertyName: discriminator.propertyName, values: values.filter((v): v is string => typeof v === "string") };
}

function resolveRef(schema: Json, document: OpenApiDocument): Json {
  const ref = schema.$ref as string | undefined;
  if (!ref?.startsWith("#/components/schemas/")) return schema;
  return (document.components?.schemas?.[ref.slice("#/components/schemas/".length)] ?? schema) as Json;
}

/**
 * A spec schema as Ajv should compile it: refs point into `$defs`; a discriminator keeps only its property
 * (Ajv refuses `mapping`; the `const` in each branch already says which branch a value picks); file parts accept
 * anything, because the runtime checks Blob, size and type itself with the limits from the operation table.
 */
function toAjvSchema(schema: unknown, patternMessages: Record<string, string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toAjvSchema(s, patternMessages));
  if (typeof schema !== "object" || schema === null) return schema;
  const s = schema as SchemaObject;
  if (s.format === "binary") return true;
  if (typeof s.pattern === "string" && typeof s["x-pattern-message"] === "string") {
    patternMessages[s.pattern] = s["x-pattern-message"];
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.replace("#/components/schemas/", "spec#/$defs/");
    } else if (key === "discriminator") {
      out.discriminator = { propertyName: (value as { propertyName: string }).propertyName };
    } else if (ANNOTATIONS.has(key) || key.startsWith("x-")) {
      // Annotations only: leaving them out keeps the generated code smaller.
    } else if (key === "properties" || key === "$defs" || key === "patternProperties") {
      out[key] = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, toAjvSchema(v, patternMessages)]),
      );
    } else {
      out[key] = toAjvSchema(value, patternMessages);
    }
  }
  return out;
}

function encodePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** `validators.gen.ts`: the typed public surface over the standalone module (`ajv.gen.ts`). */
export function renderValidatorsModule(plan: ValidatorPlan): string {
  const files = (name: string, joiner: string) => {
    const rules = plan.schemaFiles[name];
    if (!rules) return "";
    return joiner ? `${joiner}files: ${JSON.stringify(rules)}` : `, { files: ${JSON.stringify(rules)} }`;
  };
  const lines: string[] = [
    'import { createAssertion, createGuard, createValidators } from "@contracts/runtime";',
    'import * as compiled from "./ajv.gen.js";',
    'import { operationTable } from "./operations.gen.js";',
    `import type { ${plan.schemas.join(", ")} } from "./schema.gen.js";`,
    "",
    `const patternMessages = ${JSON.stringify(plan.patternMessages)};`,
    "",
    "const validators = createValidators({",
    "  operations: operationTable,",
    `  requestBodies: { ${plan.requestBodies.map((id) => `${id}: compiled.request_${id}`).join(", ")} },`,
    `  params: { ${plan.params.map((id) => `${id}: compiled.params_${id}`).join(", ")} },`,
    "  responses: {",
  ];
  const byOperation = new Map<string, string[]>();
  for (const { operationId, status } of plan.responses) {
    byOperation.set(operationId, [...(byOperation.get(operationId) ?? []), status]);
  }
  for (const [id, statuses] of byOperation) {
    lines.push(`    ${id}: { ${statuses.map((s) => `"${s}": compiled.response_${id}_${s}`).join(", ")} },`);
  }
  lines.push(
    "  },",
    "  patternMessages,",
    `  discriminators: ${JSON.stringify(plan.discriminators)},`,
    "});",
    "",
    "/** Validates a request body (for multipart, the object the client takes, files as Blob/File) before it is sent. */",
    "export const validateRequestBody = validators.validateRequestBody;",
    "/** Validates path and query parameters: `{ path, query }` as the client takes them. */",
    "export const validateRequestParams = validators.validateRequestParams;",
    "/** Validates a response body against the schema documented for its status. */",
    "export const validateResponseBody = validators.validateResponseBody;",
  );
  for (const name of plan.schemas) {
    lines.push(
      "",
      `/** True when the value is a valid \`${name}\`. */`,
      `export const is${name} = createGuard<${name}>(compiled.schema_${name}${files(name, "")});`,
      `/** Throws a ValidationError naming every broken rule unless the value is a valid \`${name}\`. */`,
      `export const assert${name}: (value: unknown) => asserts value is ${name} = createAssertion<${name}>("${name}", compiled.schema_${name}, { patternMessages${files(name, ", ")} });`,
    );
  }
  return `${lines.join("\n")}\n`;
}
