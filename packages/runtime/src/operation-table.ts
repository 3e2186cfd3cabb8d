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
