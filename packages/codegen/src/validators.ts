import {
  type CompiledValidator,
  createValidators,
  type DiscriminatorDescriptor,
  type FileFieldDescriptor,
  formats,
  type OperationTable,
  type Validators,
} from "@contracts/runtime/internal";
import { _, Ajv, type Options } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { OpenApiDocument, SchemaObject } from "./load-spec.js";
import { pointerSegment } from "./pointer.js";
import { type ParameterModel, readSpec, referencedSchemas, type SpecModel } from "./spec-model.js";

type Json = Record<string, unknown>;

/** Keywords that constrain nothing; leaving them out keeps the generated code small. */
const ANNOTATIONS = new Set(["example", "examples", "description", "title", "deprecated", "externalDocs", "$comment"]);

/** Ajv writes these CommonJS `require`s into standalone code; each maps to an ESM export of @contracts/runtime. */
const RUNTIME_HELPERS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
  'require("@contracts/runtime/formats").formats': "formats",
};

/** How every validator of a spec reads it, generated here or compiled at run time by the contract suite. */
export const SPEC_AJV_OPTIONS = {
  strict: false,
  allErrors: true,
  // JSON has no Infinity or NaN; without this an integer field would accept them from JavaScript callers.
  strictNumbers: true,
} as const;

/** The generated validators' Ajv options: discriminated unions, and no messages (describeErrors writes them). */
const GENERATED_AJV_OPTIONS = { ...SPEC_AJV_OPTIONS, discriminator: true, messages: false } as const;

/** The string formats the specs use: the runtime's checks, and the annotation-only ones Ajv must know to compile. */
export function addSpecFormats(ajv: Ajv): void {
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  for (const format of ["password", "binary", "int32", "int64"]) ajv.addFormat(format, true);
}

/** An Ajv as the generated validators' (the specs' formats too), holding the schemas of `defs` as `spec#/$defs/…`. */
function specAjv(defs: Record<string, unknown>, options: Options = {}): Ajv {
  const ajv = new Ajv({ ...GENERATED_AJV_OPTIONS, ...options });
  addSpecFormats(ajv);
  ajv.addSchema({ $id: "spec", $defs: defs });
  return ajv;
}

/** The names under which each validator is exported from the standalone module. */
export interface ValidatorPlan {
  schemas: string[];
  requestBodies: string[];
  params: string[];
  /** The statuses with a response schema, by operationId. */
  responses: Record<string, string[]>;
  /** Every `pattern` of the spec mapped to the sentence its `x-pattern-message` gives, for error messages. */
  patternMessages: Record<string, string>;
  /** Component schemas with file parts, and those parts' limits (checked in JS, not by Ajv). */
  schemaFiles: Record<string, Record<string, FileFieldDescriptor>>;
  /** Request bodies whose root is a discriminated union: the property that picks the branch, and its values. */
  discriminators: Record<string, DiscriminatorDescriptor>;
}

/**
 * Every schema the validators of a spec check (`defs`, by name, for one Ajv schema `$id: "spec"`) and the export
 * names that reach them (`request_InitWithdrawal` → a reference into `defs`): compiled ahead of time or at run time.
 */
function collectValidatorSchemas(model: SpecModel) {
  const defs: Record<string, unknown> = {};
  const plan: ValidatorPlan = {
    schemas: [],
    requestBodies: [],
    params: [],
    responses: {},
    patternMessages: {},
    discriminators: {},
    schemaFiles: {},
  };
  const exportsMap: Record<string, string> = {};
  const toAjv = createSchemaTranslator(model.document, defs, plan.patternMessages);
  const add = (exportName: string, defName: string, schema: unknown, view: SchemaView = "response") => {
    const compiled = toAjv(schema, view);
    const ref = bareRef(compiled);
    if (ref) {
      // a body that is only a reference to a named schema (most of them) is that schema's function; compiling
      // it again would add an identical copy of the function for every operation and status that uses it.
      exportsMap[exportName] = ref;
      return;
    }
    defs[defName] = compiled;
    exportsMap[exportName] = `spec#/$defs/${pointerSegment(defName)}`;
  };

  for (const { name, schema, files } of model.schemas) {
    add(`schema_${name}`, name, schema);
    plan.schemas.push(name);
    if (Object.keys(files).length > 0) plan.schemaFiles[name] = files;
  }
  for (const op of model.operations) {
    const id = op.operationId;
    add(`params_${id}`, `${id}.params`, paramsSchema(op.parameters), "request");
    plan.params.push(id);
    if (op.requestBody) {
      add(`request_${id}`, `${id}.request`, op.requestBody.schema, "request");
      plan.requestBodies.push(id);
      if (op.requestBody.discriminator) plan.discriminators[id] = op.requestBody.discriminator;
    }
    for (const response of op.responses) {
      if (!response.schema) continue;
      add(`response_${id}_${response.status}`, `${id}.response.${response.status}`, response.schema);
      plan.responses[id] = [...(plan.responses[id] ?? []), response.status];
    }
  }
  return { defs, exportsMap, plan };
}

/**
 * Compiles every component schema, request body, parameter set and JSON response of the spec into one standalone
 * ES module of plain functions: no schema compilation and no `eval` at run time, no Node built-ins.
 */
export function generateValidatorCode(model: SpecModel): { code: string; plan: ValidatorPlan } {
  const { defs, exportsMap, plan } = collectValidatorSchemas(model);

  // draft-07 mode: the specs use no 2020-12-only keyword, and Ajv's 2020 mode adds unevaluated-property
  // bookkeeping to every function, which makes the code larger and slower for nothing.
  const ajv = specAjv(defs, {
    // a small schema that references nothing (an enum, a patterned string) is copied where it is used; any
    // other stays one shared function, which keeps the file small.
    inlineRefs: 8,
    code: {
      source: true,
      esm: true,
      lines: true,
      optimize: true,
      formats: _`require("@contracts/runtime/formats").formats`,
    },
  });
  // Ajv writes a function's code once per export that names it, which for two exports of one schema is a
  // duplicate declaration; each schema is exported once and the other names are aliases of that export.
  const firstExportOf = new Map<string, string>();
  const aliases: string[] = [];
  for (const [name, ref] of Object.entries(exportsMap)) {
    const first = firstExportOf.get(ref);
    if (first !== undefined) aliases.push(`export const ${name} = ${first};`);
    else firstExportOf.set(ref, name);
  }
  const unique = Object.fromEntries([...firstExportOf].map(([ref, name]) => [name, ref]));
  const raw = standaloneCode.default(ajv, unique);
  return { code: `${rewriteRequires(raw)}${aliases.length ? `\n${aliases.join("\n")}\n` : ""}`, plan };
}

/**
 * The validators of a spec compiled at run time, for an API with no generated package (the mocks serve any): the
 * same schemas, options and `createValidators` as `validators.gen.ts`, so they answer exactly as the generated ones.
 */
export function compileValidators(api: {
  document: OpenApiDocument;
  operations: OperationTable;
}): Validators<OperationTable> {
  const { defs, exportsMap, plan } = collectValidatorSchemas(readSpec(api.document));
  const ajv = specAjv(defs);
  const compiled = (exportName: string): CompiledValidator => {
    const validate = ajv.getSchema(exportsMap[exportName] as string);
    if (!validate) throw new Error(`The spec has no schema for ${exportName}.`);
    return validate as CompiledValidator;
  };
  const byName = (names: readonly string[], exportName: (name: string) => string) =>
    Object.fromEntries(names.map((name) => [name, compiled(exportName(name))]));
  return createValidators({
    operations: api.operations,
    requestBodies: byName(plan.requestBodies, (id) => `request_${id}`),
    params: byName(plan.params, (id) => `params_${id}`),
    responses: Object.fromEntries(
      Object.entries(plan.responses).map(([id, statuses]) => [id, byName(statuses, (s) => `response_${id}_${s}`)]),
    ),
    patternMessages: plan.patternMessages,
    discriminators: plan.discriminators,
  });
}

/** Turns Ajv's CommonJS helper `require`s into one ESM import, so a browser can load the module; fails on others. */
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
  const imports = used.size
    ? `import { ${[...used].sort().join(", ")} } from "@contracts/runtime/internal/validation";\n`
    : "";
  return `${imports}${out.trim()}\n`;
}

function paramsSchema(parameters: readonly ParameterModel[]): Json {
  const group = (where: string) => {
    const list = parameters.filter((p) => p.in === where);
    return {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name, p.schema])),
      required: list.filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    };
  };
  return { type: "object", properties: { path: group("path"), query: group("query") }, additionalProperties: false };
}

/**
 * Which reading of the spec a schema is compiled for. Requests are what we send: every enum is closed. Responses
 * (and the `isX`/`assertX` guards, which match the generated types) are what a provider sends: an enum marked
 * `x-open-enum` accepts any string, as its type does.
 */
export type SchemaView = "request" | "response";

/**
 * A spec schema as Ajv should compile it: refs point into `$defs`; a discriminator keeps only its property
 * (Ajv refuses `mapping`; the `const` in each branch already says which branch a value picks); file parts accept
 * anything, because the runtime checks Blob, size and type itself with the limits from the operation table. In the
 * request view a reference to a schema that holds an open enum points at a closed copy, `<Name>.request`, added
 * to `defs` on first use.
 */
export function createSchemaTranslator(
  document: OpenApiDocument,
  defs: Record<string, unknown>,
  patternMessages: Record<string, string>,
): (schema: unknown, view: SchemaView) => unknown {
  const components = document.components?.schemas ?? {};
  const opens = new Map<string, boolean>();
  /** Whether a schema itself (not what it references) marks an enum `x-open-enum`. */
  const marksOpenEnum = (node: unknown): boolean => {
    if (typeof node !== "object" || node === null) return false;
    if ((node as Json)["x-open-enum"] === true) return true;
    return Object.values(node).some(marksOpenEnum);
  };
  /** Whether a component schema holds an open enum, itself or through the schemas it reaches (cycles included). */
  const holdsOpenEnum = (name: string): boolean => {
    let holds = opens.get(name);
    if (holds === undefined) {
      const reached = [name, ...referencedSchemas([components[name]], components)];
      holds = reached.some((other) => marksOpenEnum(components[other]));
      opens.set(name, holds);
    }
    return holds;
  };

  const translate = (schema: unknown, view: SchemaView): unknown => {
    if (Array.isArray(schema)) return schema.map((s) => translate(s, view));
    if (typeof schema !== "object" || schema === null) return schema;
    const s = schema as SchemaObject;
    if (s.format === "binary") return true;
    if (typeof s.pattern === "string" && typeof s["x-pattern-message"] === "string") {
      patternMessages[s.pattern] = s["x-pattern-message"];
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(s)) {
      if (key === "$ref" && typeof value === "string") {
        out.$ref = translateRef(value, view);
      } else if (key === "discriminator") {
        out.discriminator = { propertyName: (value as { propertyName: string }).propertyName };
      } else if (key === "enum" && view === "response" && s["x-open-enum"] === true) {
        // An open enum in a response: any string (its `type`) is valid, as the generated type says.
      } else if (ANNOTATIONS.has(key) || key.startsWith("x-")) {
        // Annotations only: leaving them out keeps the generated code smaller.
      } else if (key === "properties" || key === "$defs" || key === "patternProperties") {
        out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, translate(v, view)]));
      } else {
        out[key] = translate(value, view);
      }
    }
    return out;
  };

  const translateRef = (ref: string, view: SchemaView): string => {
    if (!ref.startsWith(COMPONENT_PREFIX)) return ref;
    const name = ref.slice(COMPONENT_PREFIX.length);
    if (view === "response" || !holdsOpenEnum(name)) return `spec#/$defs/${pointerSegment(name)}`;
    const closed = `${name}.request`;
    if (!Object.hasOwn(defs, closed)) {
      defs[closed] = {}; // reserved first, so a self-reference does not recurse for ever.
      defs[closed] = translate(components[name], "request");
    }
    return `spec#/$defs/${pointerSegment(closed)}`;
  };

  return translate;
}

const COMPONENT_PREFIX = "#/components/schemas/";

/** The target of a schema that is nothing but a reference to a named schema (`{ $ref }`), else undefined. */
function bareRef(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
  const keys = Object.keys(schema);
  const ref = (schema as Json).$ref;
  return keys.length === 1 && typeof ref === "string" && ref.startsWith("spec#/$defs/") ? ref : undefined;
}

/**
 * `validators.gen.ts`: the typed surface over `ajv.gen.ts`. Importing it only defines functions (the validators are
 * assembled on first use, each `isX`/`assertX` is a plain function), so a cold import does no work it can put off.
 */
export function renderValidatorsModule(plan: ValidatorPlan): string {
  const hasFiles = plan.schemas.some((name) => plan.schemaFiles[name]);
  const runtimeImports = ["assertValid", ...(hasFiles ? ["checkFiles"] : []), "createValidators", "type Validators"];
  const lines: string[] = [
    'import type { ValidationResult } from "@contracts/runtime";',
    `import { ${runtimeImports.join(", ")} } from "@contracts/runtime/internal/validation";`,
    'import * as compiled from "./ajv.gen.js";',
    'import { type OperationId, operationTable } from "./operations.gen.js";',
    `import type { ${plan.schemas.join(", ")} } from "./schema.gen.js";`,
    "",
    "type Operations = typeof operationTable;",
    "",
    `const patternMessages = ${JSON.stringify(plan.patternMessages)};`,
  ];
  for (const name of plan.schemas) {
    const rules = plan.schemaFiles[name];
    if (rules) lines.push(`const files${name} = ${JSON.stringify(rules)};`);
  }
  lines.push(
    "",
    "let validators: Validators<Operations> | undefined;",
    "",
    "/** The request and response validators, assembled on first use. */",
    "function tables(): Validators<Operations> {",
    "  validators ??= createValidators({",
    "    operations: operationTable,",
    `    requestBodies: { ${plan.requestBodies.map((id) => `${id}: compiled.request_${id}`).join(", ")} },`,
    `    params: { ${plan.params.map((id) => `${id}: compiled.params_${id}`).join(", ")} },`,
    "    responses: {",
  );
  for (const [id, statuses] of Object.entries(plan.responses)) {
    lines.push(`      ${id}: { ${statuses.map((s) => `"${s}": compiled.response_${id}_${s}`).join(", ")} },`);
  }
  lines.push(
    "    },",
    "    patternMessages,",
    `    discriminators: ${JSON.stringify(plan.discriminators)},`,
    "  });",
    "  return validators;",
    "}",
    "",
    // Signatures spelled out with public types, so `./validators` names nothing of the runtime's internals.
    "/** Validates a request body (for multipart, the object the client takes, files as Blob/File) before it is sent. */",
    "export function validateRequestBody(operationId: OperationId, body: unknown): ValidationResult {",
    "  return tables().validateRequestBody(operationId, body);",
    "}",
    "/** Validates path and query parameters: `{ path, query }` as the client takes them. */",
    "export function validateRequestParams(",
    "  operationId: OperationId,",
    "  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> },",
    "): ValidationResult {",
    "  return tables().validateRequestParams(operationId, params);",
    "}",
    "/** Validates a response body against the schema documented for its status. */",
    "export function validateResponseBody(operationId: OperationId, status: number | string, body: unknown): ValidationResult {",
    "  return tables().validateResponseBody(operationId, status, body);",
    "}",
  );
  for (const name of plan.schemas) {
    const files = plan.schemaFiles[name] ? `files${name}` : "";
    const guard = files
      ? `compiled.schema_${name}(value) && checkFiles(value, ${files}).length === 0`
      : `compiled.schema_${name}(value)`;
    lines.push(
      "",
      `/** True when the value is a valid \`${name}\`. */`,
      `export function is${name}(value: unknown): value is ${name} {`,
      `  return ${guard};`,
      "}",
      `/** Throws a ValidationError naming every broken rule unless the value is a valid \`${name}\`. */`,
      `export function assert${name}(value: unknown): asserts value is ${name} {`,
      `  assertValid("${name}", compiled.schema_${name}, value, patternMessages${files ? `, ${files}` : ""});`,
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}
