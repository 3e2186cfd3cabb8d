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

/** What an HttpError knows of the answer beyond its status. */
export interface HttpErrorDetails {
  /** The answer's content type, or null when it had none. */
  contentType?: string | null;
  /** The start of a body that is not the API's JSON (an HTML page's text), whitespace collapsed, secrets cut. */
  excerpt?: string;
  /** Why the answer is outside the API's contract: `undocumented-status`, `not-json` or `empty-body`. */
  problem?: AnswerProblem;
  /** The wait the server asked for in `Retry-After` (429, 503), in milliseconds. */
  retryAfterMs?: number;
}

/** How an answer can fall outside the API's contract before its schema is even looked at. */
export type AnswerProblem = "undocumented-status" | "not-json" | "empty-body";

/**
 * The server answered with an error status where the caller asked for data (see `unwrap`, polling, pagination), or
 * answered something that is not the API's at all (an undocumented status, an HTML page, an empty body), which the
 * clients throw whatever the validation settings: the message names the status, the content type and an excerpt.
 */
export class HttpError extends ContractError {
  override readonly name = "HttpError";
  readonly kind = "http" as const;
  readonly contentType: string | null;
  readonly excerpt: string | undefined;
  readonly problem: AnswerProblem | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly operationId: string,
    readonly status: number,
    /** The parsed error body, typed by the spec for that status (the excerpt's text for a non-API answer). */
    readonly body: unknown,
    details: HttpErrorDetails = {},
  ) {
    super(httpErrorMessage(operationId, status, body, details));
    this.contentType = details.contentType ?? null;
    this.excerpt = details.excerpt;
    this.problem = details.problem;
    this.retryAfterMs = details.retryAfterMs;
  }
}

const PROBLEMS: Record<AnswerProblem, string> = {
  "undocumented-status": "a status the spec does not document",
  "not-json": "not the API's JSON",
  "empty-body": "an empty body where the spec documents JSON",
};

function httpErrorMessage(operationId: string, status: number, body: unknown, details: HttpErrorDetails): string {
  const type = details.contentType === undefined ? "" : ` (${details.contentType ?? "no content type"})`;
  const parts = [`${operationId} failed with HTTP ${status}${type}`];
  if (details.problem) parts.push(`: ${PROBLEMS[details.problem]}`);
  if (details.excerpt) parts.push(`: "${details.excerpt}"`);
  else parts.push(describeBody(body));
  const missing = details.problem === "undocumented-status" && status === 404;
  if (details.problem === "not-json" || details.problem === "empty-body" || missing) {
    parts.push(" (a wrong base URL or a missing endpoint are the usual causes)");
  }
  if (details.retryAfterMs !== undefined) {
    parts.push(`; the server asks to wait ${formatWait(details.retryAfterMs)} (Retry-After)`);
  }
  return parts.join("");
}

function formatWait(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
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

/**
 * Getting a token failed. `body` is the token endpoint's answer (never the credentials); `oauthError` and
 * `oauthErrorDescription` are its standard OAuth fields (`invalid_grant`, …) when it sent them.
 */
export class AuthenticationError extends ContractError {
  override readonly name = "AuthenticationError";
  readonly kind = "authentication" as const;
  readonly oauthError: string | undefined;
  readonly oauthErrorDescription: string | undefined;
  constructor(
    readonly status: number,
    readonly body: unknown,
    options?: { cause?: unknown },
  ) {
    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const error = typeof fields.error === "string" ? fields.error : undefined;
    const description = typeof fields.error_description === "string" ? fields.error_description : undefined;
    const cause = options?.cause instanceof HttpError ? `: ${options.cause.message}` : "";
    const oauth = error ? `: ${error}${description ? ` (${description})` : ""}` : describeBody(body);
    super(`Could not obtain an access token (HTTP ${status})${error ? oauth : cause || oauth}`, options);
    this.oauthError = error;
    this.oauthErrorDescription = description;
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

/** An error body's machine-readable codes, then the fields that say in words what went wrong. */
const CODE_FIELDS = ["code", "error"];
const WORD_FIELDS = ["message", "detail", "error_description"];

const stringFields = (body: unknown, keys: readonly string[]): string[] =>
  typeof body === "object" && body !== null
    ? keys
        .map((key) => (body as Record<string, unknown>)[key])
        .filter((v): v is string => typeof v === "string" && v !== "")
    : [];

/** The code and message fields of an error body: what a message may quote of a body, never the whole payload. */
export function errorBodyParts(body: unknown): string[] {
  return stringFields(body, [...CODE_FIELDS, ...WORD_FIELDS]);
}

/**
 * The server's own words in an error body (`message`, `detail`, `error_description`, or Topup's `status_description`
 * when it is text), without its codes: what a message for people may quote. Undefined when the body has none.
 */
export function errorBodyMessage(body: unknown): string | undefined {
  const words = stringFields(body, [...WORD_FIELDS, "status_description"]);
  return words.length > 0 ? words.join(" — ") : undefined;
}

/** A short, safe summary of an error body for a message. */
function describeBody(body: unknown): string {
  const parts = errorBodyParts(body);
  return parts.length ? `: ${parts.join(" — ")}` : "";
}

/**
 * True for every error the clients throw (the ContractError family), so a catch can switch on `kind` and leave
 * anything else (a bug, an abort the caller asked for) to its own handling.
 */
export function isContractError(error: unknown): error is ClientError {
  return error instanceof ContractError;
}
