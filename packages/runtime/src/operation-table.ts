/** What the runtime needs to know of a file part: the limits checked before a byte is sent. */
export interface FileFieldDescriptor {
  readonly maxBytes: number | null;
  readonly contentTypes: readonly string[];
}

/** A parameter as the spec declares it: enough to read it from a query string (its type) and to require it. */
export interface ParameterDescriptor {
  readonly name: string;
  readonly required: boolean;
  /** The JSON type of its schema (`string`, `integer`, `boolean`, …), or null when the schema names none. */
  readonly type: string | null;
}

/** One operation of a spec, as `@contracts/codegen` writes it into `operations.gen.ts`. */
export interface OperationDescriptor {
  readonly operationId: string;
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly secured: boolean;
  /** `x-moves-money`: the request changes balances and carries no idempotency key, so it is never replayed. */
  readonly movesMoney: boolean;
  /**
   * The names of the `x-sensitive` properties and parameters (personal data) its parameters, body and responses
   * reach, sorted: a recording writes their values as a keyed hash.
   */
  readonly sensitiveFields: readonly string[];
  /** The parameters by location, each with whether it is required and its schema's type (`integer`, …). */
  readonly parameters: {
    readonly path: readonly ParameterDescriptor[];
    readonly query: readonly ParameterDescriptor[];
    readonly header: readonly ParameterDescriptor[];
  };
  readonly requestBody: {
    readonly required: boolean;
    readonly contentType: string;
    readonly files: Readonly<Record<string, FileFieldDescriptor>>;
  } | null;
  /** Documented statuses, each with its media type (null when the response has no body). */
  readonly responses: Readonly<Record<string, { readonly contentType: string | null }>>;
}

/**
 * The HTTP methods an OpenAPI path item may hold, as the clients name them: the one list codegen and the client
 * walk. It lists every method the descriptor's type allows, and nothing else (both checked by the compiler).
 */
export const HTTP_METHODS = [
  "GET",
  "PUT",
  "POST",
  "DELETE",
  "OPTIONS",
  "HEAD",
  "PATCH",
  "TRACE",
] as const satisfies readonly OperationDescriptor["method"][];
const everyMethodListed: Exclude<OperationDescriptor["method"], (typeof HTTP_METHODS)[number]> extends never
  ? true
  : never = true;
void everyMethodListed;

/** Every operation of one API, keyed by operationId. */
export type OperationTable = Readonly<Record<string, OperationDescriptor>>;

/**
 * A lookup of the operation a `(method, path template)` pair calls, as openapi-fetch names it: built once per
 * table, so a request costs one map lookup rather than a scan of the table.
 */
export function operationIndex(
  table: OperationTable,
): (method: string, path: string) => OperationDescriptor | undefined {
  const byRoute = new Map(Object.values(table).map((op) => [`${op.method} ${op.path}`, op]));
  return (method, path) => byRoute.get(`${method.toUpperCase()} ${path}`);
}

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

/** What tools need of one operation beyond the operation table: where its parts are in the spec, and examples. */
export interface OperationFacts {
  readonly operationId: string;
  /** JSON pointer of the operation object in the spec, e.g. `/paths/~1accounts/get`. */
  readonly pointer: string;
  /** The names of the security schemes of each requirement that applies. */
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
  readonly requestBody: {
    readonly pointer: string;
    readonly contentType: string;
    readonly required: boolean;
    readonly schemaPointer: string;
    readonly examples: readonly ExampleFacts[];
    readonly branches: readonly BodyBranchFacts[];
    /** When the body is a discriminated union: the property that picks the branch and each branch's value. */
    readonly discriminator: { readonly propertyName: string; readonly values: readonly string[] } | null;
  } | null;
  readonly responses: Readonly<
    Record<
      string,
      {
        readonly pointer: string;
        readonly contentType: string | null;
        readonly schemaPointer: string | null;
        readonly examples: readonly ExampleFacts[];
      }
    >
  >;
}

/**
 * The spec's facts for tools (mocks, docs, contract suites), generated into `spec.gen.ts` and exported at
 * `@contracts/<api>/spec`; the clients never import it.
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
