import type { ValidationIssue } from "@contracts/runtime";
import type { OperationDescriptor, ParameterDescriptor } from "@contracts/runtime/internal";
import type { MockedApi } from "./apis.js";
import type { Problem } from "./errors.js";
import { formatMediaType, isJson, type MediaType } from "./media-type.js";
import type { RequestTarget } from "./target.js";

/** A request the spec's validators refuse: the status to answer and what is wrong. */
export interface Refusal {
  status: number;
  problem: Problem;
}

/**
 * Checks a request with the API's validators (compiled from its spec as the generated ones are): its path and
 * query parameters, then its body. Parameters are read from text by their declared types, as a server reads them;
 * query parameters the spec does not declare are ignored, as Prism and most servers ignore them. A body in a media
 * type other than the operation's is left to Prism, which answers that itself.
 */
export async function checkRequest(
  api: MockedApi,
  op: OperationDescriptor,
  target: RequestTarget,
  media: MediaType | undefined,
  body: Buffer | undefined,
): Promise<Refusal | undefined> {
  const params = api.validators.validateRequestParams(op.operationId, {
    path: pathParameters(op, target),
    query: queryParameters(op, target.query),
  });
  if (!params.valid) {
    return { status: 400, problem: issuesProblem("The request has invalid parameters.", params.errors) };
  }
  if (!op.requestBody) return undefined;
  const value = await readBodyValue(api, op, media, body);
  if (value === UNREAD) return undefined;
  const checked = api.validators.validateRequestBody(op.operationId, value);
  if (checked.valid) return undefined;
  // The spec's convention (Upmobile's envelope): a well-formed body that breaks a field rule is a 422 where the
  // operation documents one, else a 400.
  const status = op.responses["422"] ? 422 : 400;
  return { status, problem: issuesProblem("The request body has invalid fields.", checked.errors) };
}

function issuesProblem(message: string, issues: readonly ValidationIssue[]): Problem {
  return { message, details: issues.map((issue) => ({ field: issue.field || "body", message: issue.message })) };
}

/** The path parameters: the target's segments where the operation's path has a `{name}`. */
function pathParameters(op: OperationDescriptor, target: RequestTarget): Record<string, unknown> {
  const parts = op.path.split("/").slice(1);
  const params: Record<string, unknown> = {};
  parts.forEach((part, index) => {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    const segment = target.segments[index];
    const declared = op.parameters.path.find((p) => p.name === name);
    if (name && segment !== undefined) params[name] = fromText(segment, declared?.type ?? null);
  });
  return params;
}

/** The declared query parameters, each value read by its type; a repeated scalar stays a list the validator refuses. */
function queryParameters(op: OperationDescriptor, query: string): Record<string, unknown> {
  const search = new URLSearchParams(query);
  const params: Record<string, unknown> = {};
  for (const declared of op.parameters.query) {
    const values = search.getAll(declared.name);
    if (values.length === 0) continue;
    params[declared.name] = readValues(values, declared);
  }
  return params;
}

function readValues(values: string[], declared: Pick<ParameterDescriptor, "type">): unknown {
  if (declared.type === "array") return values;
  const read = values.map((value) => fromText(value, declared.type));
  return read.length === 1 ? read[0] : read;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Text as the JSON type the spec declares, when it reads as one; otherwise the text, for the validator to refuse. */
function fromText(text: string, type: string | null): unknown {
  if ((type === "integer" || type === "number") && NUMBER.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

const UNREAD = Symbol("unread");

/**
 * The body as the validators take it: JSON parsed; a form as an object of its fields (numbers and booleans read by
 * the types the spec gives them, files as Blobs, repeated fields as lists). {@link UNREAD} for a media type other
 * than the operation's.
 */
async function readBodyValue(
  api: MockedApi,
  op: OperationDescriptor,
  media: MediaType | undefined,
  body: Buffer | undefined,
): Promise<unknown> {
  if (!body || body.length === 0) return undefined;
  const expected = op.requestBody?.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!media) return UNREAD;
  if (isJson(media) && (expected === "application/json" || expected.endsWith("+json"))) {
    return JSON.parse(body.toString("utf8"));
  }
  if (media.essence !== expected) return UNREAD;
  if (expected !== "application/x-www-form-urlencoded" && expected !== "multipart/form-data") return UNREAD;
  // The body has passed checkBody's strict reading, so the WHATWG form parser reads it as Prism's parsers do; a
  // Buffer read from a socket is backed by an ArrayBuffer, never a SharedArrayBuffer, as BodyInit's type requires.
  const bytes = body as Uint8Array<ArrayBuffer>;
  const form = await new Response(bytes, { headers: { "content-type": formatMediaType(media) } }).formData();
  const types = fieldTypes(api, op);
  const fields: Array<[string, unknown]> = [];
  for (const name of new Set(form.keys())) {
    const values = form
      .getAll(name)
      .map((value) => (typeof value === "string" ? fromText(value, types.get(name) ?? null) : value));
    fields.push([name, values.length === 1 ? values[0] : values]);
  }
  // Object.fromEntries defines own properties, so a field named __proto__ stays a field (the validator refuses it).
  return Object.fromEntries(fields);
}

/** The JSON type of each form field, from the spec's facts (the first type a field's branches give it). */
function fieldTypes(api: MockedApi, op: OperationDescriptor): Map<string, string> {
  const types = new Map<string, string>();
  for (const branch of api.facts.operations[op.operationId]?.requestBody?.branches ?? []) {
    for (const property of branch.properties) {
      const type = property.types.find((t) => t !== "null");
      if (type && !types.has(property.name)) types.set(property.name, type);
    }
  }
  return types;
}
