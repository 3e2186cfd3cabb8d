import type { OperationDescriptor, ParameterDescriptor } from "@contracts/runtime/internal";
import type { EnumModel, OperationModel, ParameterModel, SpecModel } from "./spec-model.js";

/** The JSON type a parameter's schema names (the first of a type array), or null. */
function typeOf(parameter: ParameterModel): string | null {
  const type = parameter.resolved.type;
  const first = Array.isArray(type) ? type.find((t) => t !== "null") : type;
  return typeof first === "string" ? first : null;
}

function describeOperation(op: OperationModel): OperationDescriptor {
  const at = (where: string): ParameterDescriptor[] =>
    op.parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, required: p.required, type: typeOf(p) }));
  const body = op.requestBody;
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    summary: op.summary,
    tags: op.tags,
    secured: op.secured,
    movesMoney: op.movesMoney,
    sensitiveFields: op.sensitiveFields,
    parameters: { path: at("path"), query: at("query"), header: at("header") },
    requestBody: body && { required: body.required, contentType: body.contentType, files: body.files },
    responses: Object.fromEntries(op.responses.map((r) => [r.status, { contentType: r.contentType }])),
  };
}

/** The operation table: every operation as the runtime needs it, by operationId, sorted so output is stable. */
export function operationTableOf(model: SpecModel): Record<string, OperationDescriptor> {
  const sorted = [...model.operations].sort((a, b) => a.operationId.localeCompare(b.operationId));
  return Object.fromEntries(sorted.map((op) => [op.operationId, describeOperation(op)]));
}

/**
 * `operations.gen.ts`: the operation table, enum value lists and the spec's assumptions as `as const` literals,
 * which `@contracts/<api>/spec` exports.
 */
export function renderOperationsModule(model: SpecModel): string {
  const table = operationTableOf(model);
  const out: string[] = [
    'import type { OperationTable } from "@contracts/runtime/internal";',
    "",
    "/** Every operation of the spec: method, path, parameters, body media type, file limits and documented statuses. */",
    `export const operationTable = ${JSON.stringify(table, null, 2)} as const satisfies OperationTable;`,
    "",
    "/** An operationId of this API. */",
    // Spelled out rather than `keyof typeof operationTable`, so the API report shows the ids, not the whole table.
    `export type OperationId = ${
      Object.keys(table)
        .map((id) => JSON.stringify(id))
        .join(" | ") || "never"
    };`,
  ];
  for (const [name, descriptor] of Object.entries(model.enums) as Array<[string, EnumModel]>) {
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
    `export const specAssumptions: Readonly<Record<string, string>> = ${JSON.stringify(model.assumptions, null, 2)};`,
  );
  return `${out.join("\n")}\n`;
}
