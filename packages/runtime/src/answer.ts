import { type AnswerProblem, HttpError } from "./errors.js";
import type { OperationDescriptor } from "./operation-table.js";
import { parseRetryAfter } from "./timing.js";
import { forStatus } from "./validation/validators.js";

const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const isJson = (mediaType: string | null | undefined) => typeof mediaType === "string" && JSON_MEDIA.test(mediaType);

/** Whether the spec expects a JSON body for this status (an undocumented 2xx is read as a documented success). */
export function expectsJson(operation: OperationDescriptor, status: number): boolean {
  const documented = forStatus(operation.responses, String(status));
  if (documented) return isJson(documented.contentType);
  return (
    status >= 200 &&
    status < 300 &&
    Object.entries(operation.responses).some(([s, r]) => s[0] === "2" && isJson(r.contentType))
  );
}

/**
 * Why an answer cannot be the API's, judged on its status and headers alone (the body is still unread): a status
 * the spec does not document (an undocumented 2xx is tolerated), or a non-JSON or empty answer where JSON is
 * documented. Undefined when it may be the API's answer.
 */
function problemOf(operation: OperationDescriptor, response: Response): AnswerProblem | undefined {
  const { status } = response;
  if (!forStatus(operation.responses, String(status)) && (status < 200 || status >= 300)) return "undocumented-status";
  if (!expectsJson(operation, status)) return undefined;
  if (status === 204 || response.headers.get("content-length") === "0") return "empty-body";
  if (!isJson(response.headers.get("content-type"))) return "not-json";
  return undefined;
}

/**
 * Passes on an answer that may be the API's; throws an HttpError naming the status, content type and an excerpt
 * of the body for one that cannot be (an HTML page from a framework or a proxy, an undocumented status), so the
 * cause reaches the caller whatever the validation settings. An answer that passes costs no promise.
 */
export function checkAnswer(operation: OperationDescriptor, response: Response): Response | Promise<never> {
  const problem = problemOf(operation, response);
  return problem === undefined ? response : refuseAnswer(operation, response, problem);
}

async function refuseAnswer(
  operation: OperationDescriptor,
  response: Response,
  problem: AnswerProblem,
): Promise<never> {
  const text = await readStart(response);
  answerStarts.set(response, text);
  // Without a Content-Length an empty body shows only once read.
  const seen = problem === "not-json" && text.trim() === "" ? "empty-body" : problem;
  throw answerError(operation.operationId, response, seen, text);
}

/** The HttpError for an answer outside the contract, from the start of its body. */
export function answerError(operationId: string, response: Response, problem: AnswerProblem, text: string): HttpError {
  const contentType = response.headers.get("content-type");
  const excerpt = excerptOf(text, contentType);
  let body: unknown = excerpt;
  if (isJson(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      // A cut or broken JSON body stays the excerpt.
    }
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  return new HttpError(operationId, response.status, body, {
    contentType,
    problem,
    ...(excerpt ? { excerpt } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The start of each body read here, so a recorder can write what the client saw of an answer it refused. */
const answerStarts = new WeakMap<Response, string>();

/** The start of a body this module read (the rest was cancelled), or undefined. */
export function answerStart(response: Response): string | undefined {
  return answerStarts.get(response);
}

const EXCERPT_BYTES = 65_536;
const EXCERPT_CHARS = 200;

/** The first bytes of a body as text; the rest is cancelled, so a huge page costs no more than this. */
async function readStart(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off mid-read still gives what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(await new Blob(chunks).slice(0, EXCERPT_BYTES).arrayBuffer());
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };
const SECRET_VALUE = /\b(bearer|token|password|secret|authorization|cookie|sessionid|csrftoken)(\W{1,4})[^\s"'&<;,]+/gi;

/**
 * A person's view of the start of a body: an HTML page's text without its markup, whitespace collapsed, anything
 * that looks like a credential cut (a debug page may echo request headers), at most 200 characters.
 */
export function excerptOf(text: string, contentType: string | null): string {
  let plain = text;
  if (/html|xml/i.test(contentType ?? "") || /^\s*</.test(text)) {
    plain = text
      .replace(/<(script|style)\b[\s\S]*?(<\/\1>|$)/gi, " ")
      .replace(/<[^>]*>?/g, " ")
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? " ");
  }
  plain = plain.replace(/\s+/g, " ").trim().replace(SECRET_VALUE, "$1$2[REDACTED]");
  return plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS)}…` : plain;
}
