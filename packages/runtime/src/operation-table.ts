/** What the runtime needs to know of a file part: the limits checked before a byte is sent. */
export interface FileFieldDescriptor {
  readonly maxBytes: number | null;
  readonly contentTypes: readonly string[];
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
  readonly parameters: {
    readonly path: readonly string[];
    readonly query: readonly string[];
    readonly header: readonly string[];
  };
  readonly requestBody: {
    readonly required: boolean;
    readonly contentType: string;
    readonly files: Readonly<Record<string, FileFieldDescriptor>>;
  } | null;
  /** Documented statuses, each with its media type (null when the response has no body). */
  readonly responses: Readonly<Record<string, { readonly contentType: string | null }>>;
}

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
