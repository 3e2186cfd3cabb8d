/** One broken rule: where (a JSON pointer into the input), what to do about it, and which schema keyword failed. */
export interface ValidationIssue {
  path: string;
  message: string;
  keyword: string;
}

/** The root of every error the clients throw; `kind` lets callers `switch` over the family. */
export abstract class ContractError extends Error {
  abstract readonly kind: string;
}

/** A value broke the spec. `errors` names each field and rule. */
export class ValidationError extends ContractError {
  override readonly name: string = "ValidationError";
  readonly kind: "validation" | "request-validation" | "response-validation" = "validation";
  constructor(
    readonly subject: string,
    readonly errors: readonly ValidationIssue[],
  ) {
    super(`${subject} is invalid: ${errors.map((e) => e.message).join("; ")}`);
  }
}

/** The request broke the spec, so nothing was sent. */
export class RequestValidationError extends ValidationError {
  override readonly name = "RequestValidationError";
  override readonly kind = "request-validation" as const;
  constructor(
    readonly operationId: string,
    errors: readonly ValidationIssue[],
  ) {
    super(`The ${operationId} request`, errors);
  }
}

/** The server answered something its spec does not allow; the raw body and status are kept for diagnosis. */
export class ResponseValidationError extends ValidationError {
  override readonly name = "ResponseValidationError";
  override readonly kind = "response-validation" as const;
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly body: unknown,
    errors: readonly ValidationIssue[],
  ) {
    super(`The ${operationId} response (HTTP ${status})`, errors);
  }
}
