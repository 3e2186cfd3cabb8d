import type { DiscriminatorDescriptor } from "@contracts/runtime/internal";
import { type SpecModel, schemaFacts } from "./spec-model.js";

/** The rules of a schema a tool needs to build inputs that break them one at a time (references followed). */
export interface SchemaFacts {
  readonly types: readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  /** `x-pattern-message`: the pattern in words, as error sentences say it. */
  readonly patternMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  /** A file part (`format: binary`). */
  readonly binary: boolean;
}

/** One object form a request body may take (each branch of a oneOf, or the body itself). */
export interface BodyBranchFacts {
  readonly pointer: string;
  readonly required: readonly string[];
  /** `additionalProperties: false`: unknown fields are refused. */
  readonly closed: boolean;
  readonly properties: ReadonlyArray<SchemaFacts & { readonly name: string; readonly pointer: string }>;
}

/** A named schema of `components/schemas`: its own rules and, for an object, its properties' (references followed). */
export interface ComponentSchemaFacts extends SchemaFacts, Omit<BodyBranchFacts, "pointer"> {
  readonly pointer: string;
  /** Whether requests (bodies, parameters) and responses use it, directly or through other schemas. */
  readonly usage: { readonly request: boolean; readonly response: boolean };
}

/** A named example of a request body or response. */
export interface ExampleFacts {
  readonly name: string;
  readonly value: unknown;
}

/** A request body: its media type, its examples and the object forms it may take. */
export interface RequestBodyFacts {
  readonly pointer: string;
  readonly contentType: string;
  readonly required: boolean;
  readonly schemaPointer: string;
  readonly examples: readonly ExampleFacts[];
  /** The object forms the body may take: each branch of a root oneOf, else the body schema itself. */
  readonly branches: readonly BodyBranchFacts[];
  /** When the body is a discriminated union: the property that picks the branch and each branch's value. */
  readonly discriminator: DiscriminatorDescriptor | null;
}

/** A documented response: where it is (a shared one under `components/responses` when referenced), its examples. */
export interface ResponseFacts {
  readonly pointer: string;
  readonly contentType: string | null;
  readonly schemaPointer: string | null;
  readonly examples: readonly ExampleFacts[];
}

/** What tools need of one operation beyond the operation table: where its parts are in the spec, and examples. */
export interface OperationFacts {
  readonly operationId: string;
  /** JSON pointer of the operation object in the spec, e.g. `/paths/~1accounts/get`. */
  readonly pointer: string;
  /** The names of the security schemes of each requirement that applies (the operation's own, else the spec's). */
  readonly security: ReadonlyArray<readonly string[]>;
  /** Where that security is written: the operation's own `security`, else the spec's (`/security`). */
  readonly securityPointer: string;
  readonly parameters: ReadonlyArray<{
    readonly name: string;
    readonly in: string;
    readonly required: boolean;
    readonly pointer: string;
    readonly schema: SchemaFacts;
    readonly example: unknown;
  }>;
  readonly requestBody: RequestBodyFacts | null;
  readonly responses: Readonly<Record<string, ResponseFacts>>;
}

/**
 * The spec's facts for the tools (mocks, sandbox, docs, contract suite, bench, spec diff): read from the spec by
 * {@link loadApi}, never shipped in a client package.
 */
export interface SpecFacts {
  readonly api: string;
  /** The spec file, relative to the repository root. */
  readonly file: string;
  readonly title: string;
  readonly version: string;
  readonly servers: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
  readonly operations: Readonly<Record<string, OperationFacts>>;
  /** Every component schema by name. */
  readonly schemas: Readonly<Record<string, ComponentSchemaFacts>>;
}

/** A body's or response's facts: the model without the schema itself (and the file rules the operation table has). */
function withoutSchema<T extends { schema: unknown; files?: unknown }>({ schema, files, ...facts }: T) {
  return facts;
}

/** The spec's facts for tools, from the one reading of the spec: every operation located, with its examples. */
export function describeFacts(model: SpecModel, api: string, file: string): SpecFacts {
  const { info, servers } = model.document as { info: { title: string; version: string }; servers?: unknown[] };
  const operations: Record<string, OperationFacts> = {};
  for (const op of [...model.operations].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
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
      requestBody: op.requestBody && withoutSchema(op.requestBody),
      responses: Object.fromEntries(op.responses.map(({ status, ...response }) => [status, withoutSchema(response)])),
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
