import type { FileFieldDescriptor, OperationDescriptor } from "@contracts/runtime";
import type { OpenApiDocument, SchemaObject } from "./load-spec.js";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface EnumDescriptor {
  values: unknown[];
  /** `x-terminal-values`: the values after which the thing described never changes again. */
  terminalValues: unknown[] | null;
  /** `x-transitions`: each value mapped to the values it may move to next (a lifecycle), or null. */
  transitions: Record<string, unknown[]> | null;
}

type RawOperation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: SchemaObject; encoding?: Record<string, { contentType?: string }> }>;
  };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  "x-moves-money"?: boolean;
};

/** The operation table, from a fully dereferenced document; sorted by operationId so output is stable. */
export function describeOperations(document: OpenApiDocument): OperationDescriptor[] {
  const operations: OperationDescriptor[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = (item.parameters as RawOperation["parameters"]) ?? [];
    for (const method of HTTP_METHODS) {
      const op = item[method] as RawOperation | undefined;
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId.`);
      const parameters = [...shared, ...(op.parameters ?? [])];
      const byLocation = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as OperationDescriptor["method"],
        path,
        summary: op.summary ?? "",
        tags: op.tags ?? [],
        secured: (op.security ?? (document.security as unknown[] | undefined) ?? []).some(
          (requirement) => Object.keys(requirement as object).length > 0,
        ),
        movesMoney: op["x-moves-money"] === true,
        parameters: { path: byLocation("path"), query: byLocation("query"), header: byLocation("header") },
        requestBody: describeRequestBody(op),
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([status, response]) => [status, { contentType: Object.keys(response.content ?? {})[0] ?? null }]),
        ),
      });
    }
  }
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

function describeRequestBody(op: RawOperation): OperationDescriptor["requestBody"] {
  const content = op.requestBody?.content;
  if (!content) return null;
  const [contentType, media] = Object.entries(content)[0] ?? [];
  if (!contentType || !media) return null;
  const files: Record<string, FileFieldDescriptor> = {};
  for (const [name, property] of fileProperties(media.schema)) {
    const encoded = media.encoding?.[name]?.contentType;
    const declared = property["x-content-types"] as string[] | undefined;
    files[name] = {
      maxBytes: typeof property["x-max-bytes"] === "number" ? property["x-max-bytes"] : null,
      contentTypes: declared ?? (encoded ? encoded.split(",").map((t) => t.trim()) : []),
    };
  }
  return { required: op.requestBody?.required === true, contentType, files };
}

/** Every `format: binary` property of an object schema, looking into oneOf/anyOf/allOf branches. */
function fileProperties(schema: SchemaObject | undefined): Array<[string, SchemaObject]> {
  if (!schema) return [];
  const found = new Map<string, SchemaObject>();
  const visit = (s: SchemaObject) => {
    for (const [name, property] of Object.entries((s.properties as Record<string, SchemaObject>) ?? {})) {
      if (property.format === "binary") found.set(name, property);
    }
    for (const key of ["oneOf", "anyOf", "allOf"] as const) {
      for (const branch of (s[key] as SchemaObject[] | undefined) ?? []) visit(branch);
    }
  };
  visit(schema);
  return [...found.entries()];
}

/** Every named component schema that is an enum, with its terminal values where the spec declares them. */
export function describeEnums(document: OpenApiDocument): Record<string, EnumDescriptor> {
  const enums: Record<string, EnumDescriptor> = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    const schema = schemas[name] as SchemaObject;
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

/** `operations.gen.ts`: the operation table, enum value lists and the spec's assumptions as `as const` literals. */
export function renderOperationsModule(
  operations: OperationDescriptor[],
  enums: Record<string, EnumDescriptor>,
  assumptions: Record<string, string>,
): string {
  const table = Object.fromEntries(operations.map((op) => [op.operationId, op]));
  const out: string[] = [
    'import type { OperationTable } from "@contracts/runtime";',
    "",
    "/** Every operation of the spec: method, path, parameters, body media type, file limits and documented statuses. */",
    `export const operationTable = ${JSON.stringify(table, null, 2)} as const satisfies OperationTable;`,
    "",
    "/** An operationId of this API. */",
    "export type OperationId = keyof typeof operationTable;",
  ];
  for (const [name, descriptor] of Object.entries(enums)) {
    out.push("", `/** Every value of \`${name}\`, in spec order. */`);
    out.push(`export const ${name}Values = ${JSON.stringify(descriptor.values)} as const;`);
    if (descriptor.terminalValues) {
      out.push(`/** The values of \`${name}\` after which it never changes again (\`x-terminal-values\`). */`);
      out.push(`export const ${name}TerminalValues = ${JSON.stringify(descriptor.terminalValues)} as const;`);
    }
    if (descriptor.transitions) {
      out.push(
        `/** Where each value of \`${name}\` may move next (\`x-transitions\`); a value not listed never moves. */`,
      );
      out.push(`export const ${name}Transitions = ${JSON.stringify(descriptor.transitions)} as const;`);
    }
  }
  out.push(
    "",
    "/**",
    " * Every part of the spec the provider's documents do not state (`x-assumed`): its JSON pointer in the spec and",
    " * why it is assumed. Verify these with the provider first.",
    " */",
    `export const specAssumptions: Readonly<Record<string, string>> = ${JSON.stringify(assumptions, null, 2)};`,
  );
  return `${out.join("\n")}\n`;
}
