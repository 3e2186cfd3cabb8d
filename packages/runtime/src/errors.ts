import type { ValidationIssue } from "./validation/issues.js";

export type { ValidationIssue };

/** The root of every error the clients throw; `kind` lets callers `switch` over the family. */
export abstract class ContractError extends Error {
  abstract readonly kind: string;
}

/**
 * A value broke the spec. `errors` names each field and rule. Each subclass narrows `kind` to its own literal, so
 * `switch (error.kind)` over a {@link ClientError} narrows to the class.
 */
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

/** The server answered with an error status where the caller asked for data (see `unwrap`, polling, pagination). */
export class HttpError extends ContractError {
  override readonly name = "HttpError";
  readonly kind = "http" as const;
  constructor(
    readonly operationId: string,
    readonly status: number,
    /** The parsed error body, typed by the spec for that status. */
    readonly body: unknown,
  ) {
    super(`${operationId} failed with HTTP ${status}${describeBody(body)}`);
  }
}

/** The request did not finish in time; it was aborted. */
export class TimeoutError extends ContractError {
  override readonly name = "TimeoutError";
  readonly kind = "timeout" as const;
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${what} timed out after ${timeoutMs} ms`, options);
  }
}

/** The request never got an HTTP answer (connection refused, reset, DNS); `cause` keeps the original error. */
export class NetworkError extends ContractError {
  override readonly name = "NetworkError";
  readonly kind = "network" as const;
  constructor(
    readonly what: string,
    options: { cause: unknown },
  ) {
    super(
      `${what} failed before an HTTP answer: ${(options.cause as Error)?.message ?? String(options.cause)}`,
      options,
    );
  }
}

/**
 * A resource reached a status the spec does not list, so whether it has ended cannot be told: a poller stops
 * at once instead of waiting for a timeout. Pass your own `isTerminal` to decide for such statuses.
 */
export class UnknownStatusError extends ContractError {
  override readonly name = "UnknownStatusError";
  readonly kind = "unknown-status" as const;
  constructor(
    /** The operation that reported the status, e.g. `GetOperation`. */
    readonly operationId: string,
    /** The id of the resource whose status it is. */
    readonly id: string,
    readonly status: string,
    /** The statuses the spec lists. */
    readonly known: readonly string[],
  ) {
    super(
      `${operationId} reported status ${JSON.stringify(status)} for ${id}, which the spec does not list ` +
        `(${known.join(", ")}); whether it has ended is unknown. Pass isTerminal to decide for such statuses.`,
    );
  }
}

/** Getting a token failed; `body` is the OAuth error body (never the credentials). */
export class AuthenticationError extends ContractError {
  override readonly name = "AuthenticationError";
  readonly kind = "authentication" as const;
  constructor(
    readonly status: number,
    readonly body: unknown,
    options?: { cause?: unknown },
  ) {
    super(`Could not obtain an access token (HTTP ${status})${describeBody(body)}`, options);
  }
}

/** Every error the clients throw, for an exhaustive `switch (error.kind)` that narrows to the class. */
export type ClientError =
  | (ValidationError & { readonly kind: "validation" })
  | RequestValidationError
  | ResponseValidationError
  | HttpError
  | TimeoutError
  | NetworkError
  | UnknownStatusError
  | AuthenticationError;

/** A short, safe summary of an error body for a message: its code or message fields, never the whole payload. */
function describeBody(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as Record<string, unknown>;
  const parts = [b.code, b.error, b.message, b.detail, b.error_description].filter((v) => typeof v === "string");
  return parts.length ? `: ${parts.join(" — ")}` : "";
}

/**
 * True for every error the clients throw (the ContractError family), so a catch can switch on `kind` and leave
 * anything else (a bug, an abort the caller asked for) to its own handling.
 */
export function isContractError(error: unknown): error is ClientError {
  return error instanceof ContractError;
}
