import type { ValidationIssue, ValidationResult } from "@contracts/runtime";
import type { ParameterDescriptor } from "@contracts/runtime/internal";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The operation's query parameters, integer ones (`?page=2`) as numbers; a non-integer stays for the validator. */
export function readQuery(c: Context, parameters: readonly ParameterDescriptor[]): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const { name, type } of parameters) {
    const value = c.req.query(name);
    if (value === undefined) continue;
    query[name] = type === "integer" && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  return query;
}

/** A response that breaks the spec: a sandbox bug, answered with a 500 and caught by the tests. */
export class ContractViolation extends Error {
  override name = "ContractViolation";
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly issues: ValidationIssue[],
  ) {
    super(
      `The sandbox's ${status} response to ${operationId} breaks the spec: ${issues.map((i) => i.message).join(" ")}`,
    );
  }
}

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;
type ResponsesOf<Ops, O extends keyof Ops> = Ops[O] extends { responses: infer R } ? R : never;

/** The documented body of an operation's response status, from the generated `operations` type. */
export type ResponseBody<Ops, O extends keyof Ops, S extends keyof ResponsesOf<Ops, O>> = JsonContent<
  ResponsesOf<Ops, O>[S]
>;

/** A JSON reply typed by `operations` (documented status and body); with a validator a mismatch throws. */
export function createResponder<Ops>(
  validate: ((operationId: keyof Ops & string, status: number, body: unknown) => ValidationResult) | null,
) {
  return function reply<O extends keyof Ops & string, S extends keyof ResponsesOf<Ops, O> & number>(
    c: Context,
    operationId: O,
    status: S,
    body: ResponseBody<Ops, O, S>,
    headers?: Record<string, string>,
  ): Response {
    if (validate) {
      const result = validate(operationId, status, body);
      if (!result.valid) throw new ContractViolation(operationId, status, result.errors);
    }
    return c.json(body as object, status as ContentfulStatusCode, headers);
  };
}
