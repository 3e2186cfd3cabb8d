import type { ValidationIssue } from "@contracts/runtime";
import type { OperationDescriptor } from "@contracts/runtime/internal";
import type { MockedApi } from "./apis.js";
import type { Problem } from "./errors.js";
import { formatMediaType, isJson, type MediaType, parseMediaType } from "./media-type.js";

/**
 * Checks a request's parameters (read by their declared types; undeclared query parameters ignored, as Prism does)
 * and body with the API's validators; a body in another media type than the operation's is left to Prism.
 */
export async function checkRequest(
  api: MockedApi,
  op: OperationDescriptor,
  pathParams: Record<string, string>,
  query: string,
  media: MediaType | undefined,
  body: Buffer | undefined,
): Promise<{ status: number; problem: Problem } | undefined> {
  const params = api.validators.validateRequestParams(op.operationId, {
    path: pathParameters(op, pathParams),
    query: queryParameters(op, query),
  });
  if (!params.valid) {
    return { status: 400, problem: issuesProblem("The request has invalid parameters.", params.errors) };
  }
  if (!op.requestBody) return undefined;
  const value = await readBodyValue(api, op, media, body);
  if (value === UNREAD) return undefined;
  const checked = api.validators.validateRequestBody(op.operationId, value);
  if (checked.valid) return undefined;
  // a well-formed body that breaks a field rule is a 422 where the operation documents one (Upmobile's convention).
  const status = op.responses["422"] ? 422 : 400;
  return { status, problem: issuesProblem("The request body has invalid fields.", checked.errors) };
}

function issuesProblem(message: string, issues: readonly ValidationIssue[]): Problem {
  return { message, details: issues.map((issue) => ({ field: issue.field || "body", message: issue.message })) };
}

/** The path parameters, each read by its declared type. */
function pathParameters(op: OperationDescriptor, params: Record<string, string>): Record<string, unknown> {
  const typeOf = (name: string) => op.parameters.path.find((p) => p.name === name)?.type ?? null;
  return Object.fromEntries(Object.entries(params).map(([name, text]) => [name, fromText(text, typeOf(name))]));
}

/** The declared query parameters, each value read by its type; a repeated scalar stays a list the validator refuses. */
function queryParameters(op: OperationDescriptor, query: string): Record<string, unknown> {
  const search = new URLSearchParams(query);
  const params: Record<string, unknown> = {};
  for (const declared of op.parameters.query) {
    const values = search.getAll(declared.name);
    if (values.length === 0) continue;
    const read = declared.type === "array" ? [values] : values.map((value) => fromText(value, declared.type));
    params[declared.name] = read.length === 1 ? read[0] : read;
  }
  return params;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Text as the JSON type the spec declares, when it reads as one; otherwise the text, for the validator to refuse. */
function fromText(text: string, type: string | null): unknown {
  if ((type === "integer" || type === "number") && NUMBER.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

const UNREAD = Symbol("unread");

/** The body as the validators take it (a form's fields read by their types), or {@link UNREAD} in another media type. */
async function readBodyValue(
  api: MockedApi,
  op: OperationDescriptor,
  media: MediaType | undefined,
  body: Buffer | undefined,
): Promise<unknown> {
  if (!body || body.length === 0) return undefined;
  const expected = parseMediaType(op.requestBody?.contentType ?? "");
  if (!media || !expected) return UNREAD;
  if (isJson(media) && isJson(expected)) return JSON.parse(body.toString("utf8"));
  const isForm = expected.essence === "application/x-www-form-urlencoded" || expected.essence === "multipart/form-data";
  if (!isForm || media.essence !== expected.essence) return UNREAD;
  // The body has passed checkBody's strict reading, so the WHATWG form parser reads it as Prism's parsers do; a
  // Buffer read from a socket is backed by an ArrayBuffer, never a SharedArrayBuffer, as BodyInit's type requires.
  const bytes = body as Uint8Array<ArrayBuffer>;
  const form = await new Response(bytes, { headers: { "content-type": formatMediaType(media) } }).formData();
  const properties = (api.facts.operations[op.operationId]?.requestBody?.branches ?? []).flatMap((b) => b.properties);
  // a field's type is the first JSON type its branches give it.
  const typeOf = (name: string) =>
    properties.flatMap((p) => (p.name === name ? p.types : [])).find((t) => t !== "null") ?? null;
  const fields = [...new Set(form.keys())].map((name) => {
    const values = form
      .getAll(name)
      .map((value) => (typeof value === "string" ? fromText(value, typeOf(name)) : value));
    return [name, values.length === 1 ? values[0] : values];
  });
  // Object.fromEntries defines own properties, so a field named __proto__ stays a field (the validator refuses it).
  return Object.fromEntries(fields);
}
