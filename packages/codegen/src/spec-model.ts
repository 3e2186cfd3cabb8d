import { type FileFieldDescriptor, HTTP_METHODS, type OperationDescriptor } from "@contracts/runtime/internal";
import type { OpenApiDocument, SchemaObject } from "./load-spec.js";
import { pointerSegment, segments, valueAtPointer } from "./pointer.js";
import type {
  BodyBranchFacts,
  ComponentSchemaFacts,
  ExampleFacts,
  OperationFacts,
  RequestBodyFacts,
  ResponseFacts,
  SchemaFacts,
} from "./spec-facts.js";
import { describeAssumptions, openEnumPointers } from "./spec-markers.js";

type Json = Record<string, unknown>;

/** The path item keys of the operations, lower case as OpenAPI writes them. */
const PATH_ITEM_METHODS = HTTP_METHODS.map((method) => method.toLowerCase() as Lowercase<typeof method>);

/** A node of the spec and the JSON pointer it lives at, after following `$ref`s. */
export interface Located<T = Json> {
  node: T;
  pointer: string;
}

export interface ParameterModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  pointer: string;
  /** `x-sensitive: true` on the parameter itself. */
  sensitive: boolean;
  /** The parameter's schema as written (references kept), for the validators. */
  schema: SchemaObject;
  /** The same schema with its references followed, for facts such as the type and the bounds. */
  resolved: SchemaObject;
  example: unknown;
}

export interface RequestBodyModel extends RequestBodyFacts {
  schema: SchemaObject;
  /** Every `format: binary` property, through the branches of a oneOf/anyOf/allOf. */
  files: Record<string, FileFieldDescriptor>;
}

export interface ResponseModel extends ResponseFacts {
  status: string;
  schema: SchemaObject | null;
}

/** An operation: its row of the operation table and its facts, with each part as the spec writes it. */
export interface OperationModel
  extends Pick<OperationFacts, "pointer" | "security" | "securityPointer">,
    Omit<OperationDescriptor, "parameters" | "requestBody" | "responses"> {
  parameters: ParameterModel[];
  requestBody: RequestBodyModel | null;
  responses: ResponseModel[];
}

export interface EnumModel {
  values: unknown[];
  /** `x-terminal-values`: the values after which the thing described never changes again. */
  terminalValues: unknown[] | null;
  /** `x-transitions`: each value mapped to the values it may move to next (a lifecycle), or null. */
  transitions: Record<string, unknown[]> | null;
}

/** Everything the generator emits from: the one reading of a spec, which every emitter and tool shares. */
export interface SpecModel {
  document: OpenApiDocument;
  operations: OperationModel[];
  /** Every named component schema, in name order. */
  schemas: Array<{
    name: string;
    schema: SchemaObject;
    files: Record<string, FileFieldDescriptor>;
    facts: ComponentSchemaFacts;
  }>;
  enums: Record<string, EnumModel>;
  assumptions: Record<string, string>;
  openEnums: string[];
}

/** Reads a spec once for every emitter: operations, parameters, bodies, responses, files, enums and markers, each located. */
export function readSpec(document: OpenApiDocument): SpecModel {
  const resolve = (node: unknown, pointer: string): Located => {
    let current: Located = { node: node as Json, pointer };
    for (let hops = 0; typeof current.node?.$ref === "string"; hops++) {
      const ref = current.node.$ref as string;
      if (!ref.startsWith("#/") || hops > 20) throw new Error(`Cannot follow ${ref} at ${current.pointer}.`);
      const target = ref.slice(1);
      current = { node: valueAtPointer(document, target) as Json, pointer: target };
      if (current.node === undefined) throw new Error(`${ref} (at ${pointer}) names nothing in the spec.`);
    }
    return current;
  };

  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const itemPointer = `/paths/${pointerSegment(path)}`;
    const shared = ((item.parameters as unknown[] | undefined) ?? []).map((p, i) =>
      resolve(p, `${itemPointer}/parameters/${i}`),
    );
    for (const method of PATH_ITEM_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const pointer = `${itemPointer}/${method}`;
      if (typeof op.operationId !== "string") throw new Error(`${method.toUpperCase()} ${path} has no operationId.`);
      const own = ((op.parameters as unknown[] | undefined) ?? []).map((p, i) =>
        resolve(p, `${pointer}/parameters/${i}`),
      );
      const security = ((op.security ?? document.security ?? []) as Json[]).map((requirement) =>
        Object.keys(requirement),
      );
      const parameters = [...shared, ...own].map(({ node, pointer: at }) => parameterModel(node, at, resolve));
      const requestBody = op.requestBody
        ? requestBodyModel(resolve(op.requestBody, `${pointer}/requestBody`), resolve)
        : null;
      const responses = Object.entries((op.responses as Json | undefined) ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, response]) =>
          responseModel(status, resolve(response, `${pointer}/responses/${pointerSegment(status)}`), resolve),
        );
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as OperationModel["method"],
        path,
        pointer,
        summary: (op.summary as string | undefined) ?? "",
        tags: (op.tags as string[] | undefined) ?? [],
        security,
        securityPointer: op.security === undefined ? "/security" : `${pointer}/security`,
        secured: security.some((names) => names.length > 0),
        movesMoney: op["x-moves-money"] === true,
        sensitiveFields: sensitiveFields(parameters, requestBody, responses, resolve),
        parameters,
        requestBody,
        responses,
      });
    }
  }

  const components = document.components?.schemas ?? {};
  const requestSchemas = operations.flatMap((op) => [
    ...op.parameters.map((p) => p.schema),
    ...(op.requestBody ? [op.requestBody.schema] : []),
  ]);
  const usedBy = {
    request: referencedSchemas(requestSchemas, components),
    response: referencedSchemas(
      operations.flatMap((op) => op.responses.flatMap((r) => (r.schema ? [r.schema] : []))),
      components,
    ),
  };
  const schemas = Object.keys(components)
    .sort()
    .map((name) => {
      const schema = components[name] as SchemaObject;
      const pointer = `/components/schemas/${pointerSegment(name)}`;
      const [form] = branchesOf({ node: schema, pointer }, resolve, false);
      const usage = { request: usedBy.request.has(name), response: usedBy.response.has(name) };
      const facts: ComponentSchemaFacts = { ...schemaFacts(schema), ...(form as BodyBranchFacts), usage };
      return { name, schema, files: fileRules(schema, pointer, resolve), facts };
    });

  return {
    document,
    // in the document's order; each emitter orders what it writes.
    operations,
    schemas,
    enums: enumModels(components),
    assumptions: describeAssumptions(document),
    openEnums: openEnumPointers(document),
  };
}

type Resolve = (node: unknown, pointer: string) => Located;

/** The names of every component schema the given schemas reach through `$ref`s, however deep (cycles included). */
export function referencedSchemas(roots: readonly unknown[], components: Record<string, SchemaObject>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const ref = (node as Json).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
      const [name = ""] = segments(ref.slice("#/components/schemas".length));
      if (!found.has(name)) {
        found.add(name);
        visit(components[name]);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== "examples" && key !== "example") visit(value);
  };
  for (const root of roots) visit(root);
  return found;
}

function parameterModel(node: Json, pointer: string, resolve: Resolve): ParameterModel {
  const schema = (node.schema as SchemaObject | undefined) ?? {};
  const resolved = resolve(schema, `${pointer}/schema`).node;
  const examples = node.examples as Record<string, Json> | undefined;
  return {
    name: node.name as string,
    in: node.in as ParameterModel["in"],
    required: node.required === true,
    pointer,
    sensitive: marked(node, pointer),
    schema,
    resolved,
    example: node.example ?? Object.values(examples ?? {})[0]?.value ?? resolved.example,
  };
}

/** The first media type of a request body or response, and where it is. */
function firstMedia(holder: Located) {
  const [contentType, media] = Object.entries((holder.node.content as Record<string, Json> | undefined) ?? {})[0] ?? [];
  return { contentType, media, mediaPointer: `${holder.pointer}/content/${pointerSegment(contentType ?? "")}` };
}

function examplesOf(media: Json, pointer: string, resolve: Resolve): ExampleFacts[] {
  // a lone `example` is the media type's only example; Prism names it nothing, so it is called "example".
  if (media.examples === undefined && media.example !== undefined) return [{ name: "example", value: media.example }];
  return Object.entries((media.examples as Record<string, unknown> | undefined) ?? {}).map(([name, example]) => ({
    name,
    value: resolve(example, `${pointer}/examples/${pointerSegment(name)}`).node.value,
  }));
}

function requestBodyModel(body: Located, resolve: Resolve): RequestBodyModel | null {
  const { contentType, media, mediaPointer } = firstMedia(body);
  if (!contentType || !media?.schema) return null;
  const schemaPointer = `${mediaPointer}/schema`;
  const schema = media.schema as SchemaObject;
  const files = fileRules(schema, schemaPointer, resolve);
  // a part's declared types come from `x-content-types`, else from the multipart `encoding`.
  const encoding = (media.encoding as Record<string, { contentType?: string }> | undefined) ?? {};
  for (const [name, rule] of Object.entries(files)) {
    const encoded = encoding[name]?.contentType;
    if (rule.contentTypes.length === 0 && encoded)
      files[name] = { ...rule, contentTypes: encoded.split(",").map((t) => t.trim()) };
  }
  return {
    pointer: body.pointer,
    contentType,
    required: body.node.required === true,
    schemaPointer,
    examples: examplesOf(media, mediaPointer, resolve),
    branches: branchesOf(resolve(schema, schemaPointer), resolve),
    discriminator: discriminatorOf(resolve(schema, schemaPointer), resolve),
    schema,
    files,
  };
}

/** The object forms of a schema: each branch of its oneOf (when `branches`), else the schema itself. */
function branchesOf(schema: Located, resolve: Resolve, branches = true): BodyBranchFacts[] {
  const oneOf = branches ? (schema.node.oneOf as unknown[] | undefined) : undefined;
  const forms = oneOf ? oneOf.map((b, i) => resolve(b, `${schema.pointer}/oneOf/${i}`)) : [schema];
  return forms.map(({ node, pointer }) => ({
    pointer,
    required: (node.required as string[] | undefined) ?? [],
    closed: node.additionalProperties === false,
    properties: Object.entries((node.properties as Record<string, unknown> | undefined) ?? {}).map(([name, raw]) => {
      const at = `${pointer}/properties/${pointerSegment(name)}`;
      return { name, pointer: at, ...schemaFacts(resolve(raw, at).node) };
    }),
  }));
}

/** The rules of a (resolved) schema, as tools read them. */
export function schemaFacts(schema: SchemaObject): SchemaFacts {
  const facts: Record<string, unknown> = {
    types: ([] as unknown[]).concat(schema.type ?? []).filter((t): t is string => typeof t === "string"),
  };
  for (const key of ["enum", "const", "format", "pattern", "minimum", "maximum", "minLength", "maxLength", "default"]) {
    if (schema[key] !== undefined) facts[key] = schema[key];
  }
  if (typeof schema["x-pattern-message"] === "string") facts.patternMessage = schema["x-pattern-message"];
  facts.binary = schema.format === "binary";
  return facts as unknown as SchemaFacts;
}

function responseModel(status: string, response: Located, resolve: Resolve): ResponseModel {
  const { contentType, media, mediaPointer } = firstMedia(response);
  if (!contentType || !media) {
    return { status, pointer: response.pointer, contentType: null, schemaPointer: null, examples: [], schema: null };
  }
  return {
    status,
    pointer: response.pointer,
    contentType,
    schemaPointer: media.schema ? `${mediaPointer}/schema` : null,
    examples: examplesOf(media, mediaPointer, resolve),
    schema: (media.schema as SchemaObject | undefined) ?? null,
  };
}

/** Whether a node says `x-sensitive: true`; any other value is a mistake in the spec. */
function marked(node: Json, pointer: string): boolean {
  const mark = node["x-sensitive"];
  if (mark !== undefined && mark !== true) throw new Error(`x-sensitive at ${pointer} must be \`true\`.`);
  return mark === true;
}

/**
 * The names of the `x-sensitive` parameters and properties an operation reaches: through references, allOf/oneOf/
 * anyOf, array items and nested objects, in its parameters, request body and every response. A property is marked
 * when it, or the schema it references, says `x-sensitive: true`.
 */
function sensitiveFields(
  parameters: readonly ParameterModel[],
  body: RequestBodyModel | null,
  responses: readonly ResponseModel[],
  resolve: Resolve,
): string[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (raw: unknown, at: string): void => {
    if (typeof raw !== "object" || raw === null) return;
    const { node, pointer } = resolve(raw, at);
    if (seen.has(pointer)) return;
    seen.add(pointer);
    for (const [name, property] of Object.entries((node.properties as Record<string, Json> | undefined) ?? {})) {
      const propertyAt = `${pointer}/properties/${pointerSegment(name)}`;
      if (marked(property, propertyAt) || marked(resolve(property, propertyAt).node, propertyAt)) names.add(name);
      visit(property, propertyAt);
    }
    for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"] as const) {
      ((node[key] as unknown[] | undefined) ?? []).forEach((branch, i) => {
        visit(branch, `${pointer}/${key}/${i}`);
      });
    }
    for (const key of ["items", "additionalProperties"] as const) visit(node[key], `${pointer}/${key}`);
  };
  for (const parameter of parameters) {
    const schemaAt = `${parameter.pointer}/schema`;
    if (parameter.sensitive || marked(parameter.resolved, schemaAt)) names.add(parameter.name);
    visit(parameter.schema, schemaAt);
  }
  if (body) visit(body.schema, body.schemaPointer);
  for (const response of responses) if (response.schema) visit(response.schema, response.schemaPointer ?? "");
  return [...names].sort();
}

/** Every `format: binary` property of a schema (through references and oneOf/anyOf/allOf branches). */
function fileRules(schema: unknown, pointer: string, resolve: Resolve): Record<string, FileFieldDescriptor> {
  const rules: Record<string, FileFieldDescriptor> = {};
  const visit = (node: unknown, at: string, depth: number) => {
    if (depth > 5) return;
    const { node: s, pointer: here } = resolve(node, at);
    for (const [name, property] of Object.entries((s.properties as Record<string, Json> | undefined) ?? {})) {
      if (property.format !== "binary") continue;
      rules[name] = {
        maxBytes: typeof property["x-max-bytes"] === "number" ? property["x-max-bytes"] : null,
        contentTypes: (property["x-content-types"] as string[] | undefined) ?? [],
      };
    }
    for (const key of ["oneOf", "anyOf", "allOf"] as const) {
      ((s[key] as unknown[] | undefined) ?? []).forEach((branch, i) => {
        visit(branch, `${here}/${key}/${i}`, depth + 1);
      });
    }
  };
  visit(schema, pointer, 0);
  return rules;
}

function discriminatorOf(schema: Located, resolve: Resolve): RequestBodyModel["discriminator"] {
  const discriminator = schema.node.discriminator as { propertyName: string } | undefined;
  if (!discriminator) return null;
  const values = ((schema.node.oneOf as unknown[] | undefined) ?? []).map((branch, i) => {
    const { node } = resolve(branch, `${schema.pointer}/oneOf/${i}`);
    const property = (node.properties as Record<string, Json> | undefined)?.[discriminator.propertyName];
    return (property?.const ?? (property?.enum as unknown[] | undefined)?.[0]) as string | undefined;
  });
  return { propertyName: discriminator.propertyName, values: values.filter((v): v is string => typeof v === "string") };
}

function enumModels(components: Record<string, SchemaObject>): Record<string, EnumModel> {
  const enums: Record<string, EnumModel> = {};
  for (const name of Object.keys(components).sort()) {
    const schema = components[name] as SchemaObject;
    if (!Array.isArray(schema.enum)) continue;
    const values = schema.enum as unknown[];
    const notInEnum = (listed: unknown[], what: string) => {
      const unknown = listed.filter((v) => !values.includes(v));
      if (unknown.length > 0) throw new Error(`${name}: ${what} lists values not in its enum: ${unknown.join(", ")}`);
    };
    const terminal = schema["x-terminal-values"] as unknown[] | undefined;
    if (terminal !== undefined) notInEnum(terminal, "x-terminal-values");
    const transitions = schema["x-transitions"] as Record<string, unknown[]> | undefined;
    if (transitions !== undefined) {
      notInEnum(Object.keys(transitions), "x-transitions");
      for (const [from, to] of Object.entries(transitions)) {
        notInEnum(to, `x-transitions.${from}`);
        if (terminal?.includes(from)) throw new Error(`${name}: x-transitions moves ${from} on, but it is terminal.`);
      }
    }
    enums[name] = { values, terminalValues: terminal ?? null, transitions: transitions ?? null };
  }
  return enums;
}
