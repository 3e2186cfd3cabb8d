import { type ClientError, errorBodyMessage, HttpError } from "@contracts/runtime";

/** Which API a call went to, for messages that tell the user where to look. */
export interface ApiContext {
  api: "Upmobile" | "Topup";
  baseUrl: string;
}

/** A message for an HTTP error status answered by the server (the client's `{ error, response }`). */
export function describeStatus(status: number, body: unknown, { api }: ApiContext): string {
  const said = typeof body === "string" && body !== "" ? body : errorBodyMessage(body);
  const suffix = said ? `: ${said}` : ".";
  switch (status) {
    case 400:
      return `${api} could not accept the request (HTTP 400)${suffix}`;
    case 401:
      return `${api} refused the token (HTTP 401). Check the ${api} token in Settings${said ? ` (${said})` : ""}.`;
    case 403:
      return `${api} does not allow this token to do that (HTTP 403)${suffix}`;
    case 404:
      return `Not found (HTTP 404)${suffix}`;
    case 422:
      return `${api} refused the values (HTTP 422)${suffix}`;
    case 429:
      return `${api} is rate-limiting these requests (HTTP 429). Wait a moment and try again.`;
    default:
      return status >= 500
        ? `${api} failed with HTTP ${status}${suffix} Check the outcome before trying again.`
        : `${api} answered HTTP ${status}${suffix}`;
  }
}

/**
 * A message for an error a client threw, by the runtime's `kind`, or null for an abort the app itself asked for.
 * Anything else (a bug) gets its own message rather than being hidden.
 */
export function describeThrown(error: unknown, context: ApiContext): string | null {
  if (error instanceof DOMException && error.name === "AbortError") return null;
  const kind = (error as Partial<ClientError> | null)?.kind;
  const e = error as ClientError;
  switch (kind) {
    case "network":
      return `Could not reach ${context.api} at ${context.baseUrl}. Check the base URL in Settings, that the server is running, and that it allows requests from this page (CORS).`;
    case "timeout":
      return `${context.api} did not answer in time. The outcome is unknown: check it before trying again.`;
    case "request-validation":
      return `Not sent: ${issueList(e)}`;
    case "response-validation":
      return `${context.api}'s answer does not match its spec: ${issueList(e)}`;
    case "validation":
      return issueList(e);
    case "http":
      if (!(e instanceof HttpError)) return e.message;
      if (e.problem === "undocumented-status" || e.problem === undefined)
        return describeStatus(e.status, e.body, context);
      return `${context.api} answered HTTP ${e.status} with ${e.contentType ?? "no content type"}, not its API's JSON${e.excerpt ? `: "${e.excerpt}"` : ""}. Check the base URL in Settings: a wrong one or a missing endpoint are the usual causes.`;
    case "unknown-status":
      return `${context.api} reported a status its spec does not list: ${e.message}`;
    case "authentication":
      return `Could not obtain a ${context.api} token: ${e.message}`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function issueList(error: ClientError): string {
  return "errors" in error ? error.errors.map((issue) => issue.message).join(" ") : error.message;
}
