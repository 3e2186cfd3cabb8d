import type { OperationFacts, SpecFacts } from "@contracts/runtime/internal";
import type { SpecModel } from "./spec-model.js";
import { schemaFacts } from "./spec-model.js";

/** The spec's facts for tools, from the one reading of the spec: every operation located, with its examples. */
export function describeFacts(model: SpecModel, api: string, file: string): SpecFacts {
  const { info, servers } = model.document as { info: { title: string; version: string }; servers?: unknown[] };
  const operations: Record<string, OperationFacts> = {};
  for (const op of [...model.operations].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
    const body = op.requestBody;
    operations[op.operationId] = {
      operationId: op.operationId,
      pointer: op.pointer,
      security: op.security,
      securityPointer: op.securityPointer,
      parameters: op.parameters.map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required,
        pointer: p.pointer,
        schema: schemaFacts(p.resolved),
        example: p.example,
      })),
      requestBody: body && {
        pointer: body.pointer,
        contentType: body.contentType,
        required: body.required,
        schemaPointer: body.schemaPointer,
        examples: body.examples,
        branches: body.branches,
        discriminator: body.discriminator,
      },
      responses: Object.fromEntries(
        op.responses.map((r) => [
          r.status,
          { pointer: r.pointer, contentType: r.contentType, schemaPointer: r.schemaPointer, examples: r.examples },
        ]),
      ),
    };
  }
  return {
    api,
    file,
    title: info.title,
    version: info.version,
    servers: ((servers ?? []) as Array<{ url: string; description?: string }>).map(({ url, description }) =>
      description === undefined ? { url } : { url, description },
    ),
    operations,
    schemas: Object.fromEntries(model.schemas.map(({ name, facts }) => [name, facts])),
  };
}

/** `spec.gen.ts`: the facts as one constant, for `@contracts/<api>/spec`. */
export function renderFactsModule(facts: SpecFacts): string {
  return [
    'import type { SpecFacts } from "@contracts/runtime/internal";',
    "",
    "/**",
    " * What tools (mocks, docs, contract suites) need of the spec beyond the operation table: where each operation,",
    " * parameter, body and response is (JSON pointers into the spec), their rules and their examples. The client",
    " * never imports it.",
    " */",
    `export const specFacts: SpecFacts = ${JSON.stringify(facts, null, 2)};`,
    "",
  ].join("\n");
}
