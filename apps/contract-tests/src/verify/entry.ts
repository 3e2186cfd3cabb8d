import { type HarEntry, type HarNameValue, type HarParam, isRedactedValue } from "@contracts/runtime";
import type { SentField, SentRequest } from "../checks.js";
import { formFields, parseJson, type RequestSummary, short, summarizeBody } from "../exchange.js";
import type { Json } from "../spec.js";

const kind = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : typeof value;

/** Thrown for an entry that is not the HAR shape; its message says which field and what it was. */
export class EntryShapeError extends Error {
  override name = "EntryShapeError";
}

function object(value: unknown, what: string): Json {
  if (value === undefined) throw new EntryShapeError(`it has no ${what}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EntryShapeError(`its ${what} is ${kind(value)}, not an object`);
  }
  return value as Json;
}

function string(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  throw new EntryShapeError(value === undefined ? `it has no ${what}` : `its ${what} is ${kind(value)}, not a string`);
}

const optionalString = (value: unknown, what: string) => (value === undefined ? undefined : string(value, what));

function pairs(value: unknown, what: string): HarNameValue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EntryShapeError(`its ${what} is ${kind(value)}, not an array`);
  for (const [i, pair] of value.entries()) string(object(pair, `${what}[${i}]`).name, `${what}[${i}].name`);
  return value as HarNameValue[];
}

const header = (headers: readonly HarNameValue[], name: string) =>
  headers.find((h) => h.name.toLowerCase() === name && typeof h.value === "string")?.value;

/** `Application/JSON; charset=utf-8` → `application/json`. */
const mediaType = (type: string | undefined) => type?.split(";")[0]?.trim().toLowerCase() || null;

/** Whether a JSON text nests arrays or objects deeper than `max` (strings skipped), without parsing it. */
export function nestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Reads one parsed HAR entry, decoding its bodies; throws {@link EntryShapeError} naming what is wrong with it. */
export async function readCall(value: unknown, maxDepth: number) {
  const entry = object(value, "entry") as Partial<HarEntry>;
  const request = object(entry.request, "request");
  const response = object(entry.response, "response");
  const method = string(request.method, "request.method");
  const rawUrl = string(request.url, "request.url");
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new EntryShapeError(`its request.url is not an absolute URL: ${JSON.stringify(rawUrl.slice(0, 200))}`);
  }
  const requestHeaders = pairs(request.headers, "request.headers");
  // Playwright writes -1 for a request that got no answer (failed, aborted, or still waiting when the page closed).
  if (typeof response.status !== "number" || !Number.isInteger(response.status) || response.status < -1) {
    throw new EntryShapeError(
      response.status === undefined
        ? "it has no response.status"
        : `its response.status is ${kind(response.status)} ${JSON.stringify(response.status)}, not an HTTP status`,
    );
  }
  const responseHeaders = pairs(response.headers, "response.headers");
  const content = object(response.content, "response.content");
  const text = optionalString(content.text, "response.content.text");
  const encoding = optionalString(content.encoding, "response.content.encoding");
  let body: string | null;
  if (text === undefined) body = content.size === 0 || content.size === undefined ? "" : null;
  else if (isRedactedValue(text.trim())) body = null;
  else body = encoding?.toLowerCase() === "base64" ? Buffer.from(text, "base64").toString("utf8") : text;
  if (body !== null && nestsDeeperThan(body, maxDepth)) {
    throw new EntryShapeError(`its response body nests arrays or objects deeper than ${maxDepth} levels`);
  }
  const declared =
    header(responseHeaders, "content-type") ?? optionalString(content.mimeType, "response.content.mimeType");
  const contentType = declared && declared !== "x-unknown" ? declared : null;

  const postData = request.postData === undefined ? undefined : object(request.postData, "request.postData");
  const requestContentType = mediaType(
    (postData && optionalString(postData.mimeType, "request.postData.mimeType")) ||
      header(requestHeaders, "content-type"),
  );
  return {
    method,
    url,
    // The Authorization header's presence: its value is never read.
    authorized: header(requestHeaders, "authorization") !== undefined,
    requestContentType: postData ? requestContentType : null,
    request: postData ? await readPostData(postData, requestContentType, maxDepth) : ({ kind: "none" } as const),
    // 0 when no HTTP answer came (an aborted or failed request); a body of null was left out of the recording.
    status: Math.max(response.status, 0),
    contentType,
    body,
  };
}

/** A HAR entry read for checking: what was asked and what came back, decoded. */
export type RecordedCall = Awaited<ReturnType<typeof readCall>>;

async function readPostData(postData: Json, type: string | null, maxDepth: number): Promise<SentRequest["body"]> {
  const text = optionalString(postData.text, "request.postData.text");
  const listed = postData.params === undefined ? undefined : pairs(postData.params, "request.postData.params");
  // Chromium writes an empty `params` beside the body's `text`: the text is then the body.
  const params = listed && (listed.length > 0 || text === undefined) ? listed : undefined;
  if (type === null) return text === undefined && params === undefined ? { kind: "none" } : { kind: "unread" };
  if (text !== undefined && isRedactedValue(text.trim())) return { kind: "unread" };
  const urlencoded = type === "application/x-www-form-urlencoded";
  const multipart = type === "multipart/form-data";
  if ((urlencoded || multipart) && params) return { kind: "form", fields: params.map(field) };
  if (text === undefined) return { kind: "unread" };
  if (type === "application/json" || type.endsWith("+json")) {
    if (nestsDeeperThan(text, maxDepth)) {
      throw new EntryShapeError(`its request body nests arrays or objects deeper than ${maxDepth} levels`);
    }
    const parsed = parseJson(text);
    return parsed ? { kind: "json", value: parsed.value } : { kind: "not-json" };
  }
  if (urlencoded) return { kind: "form", fields: formFields(new URLSearchParams(text)) };
  if (!multipart) return { kind: "unread" };
  // A multipart body a browser recorded as text: file bytes do not survive that, so only a file's type is checked.
  const headers = { "content-type": String(postData.mimeType ?? "") };
  const form = await new Response(text, { headers }).formData().catch(() => null);
  return form ? { kind: "form", fields: formFields(form, false) } : { kind: "unread" };
}

/** A recorded form field; a file part keeps its recorded size (`_size`, the recorder's), else an unknown size. */
function field(param: HarParam): SentField {
  if (typeof param.fileName !== "string") return { name: param.name, value: String(param.value ?? "") };
  return {
    name: param.name,
    file: {
      fileName: param.fileName,
      contentType: typeof param.contentType === "string" ? param.contentType : null,
      size: typeof param._size === "number" && Number.isFinite(param._size) ? param._size : null,
    },
  };
}

/** The request as a report shows it: the suite's summary (never a token, a secret or file bytes). */
export function summarize(call: RecordedCall, path: string): RequestSummary {
  const { url, request } = call;
  return {
    method: call.method.toUpperCase(),
    path,
    query: url.search ? Object.fromEntries([...url.searchParams].map(([k, v]) => [k, String(short(k, v))])) : undefined,
    auth: call.authorized ? "provider token" : "no token",
    contentType: call.requestContentType ?? undefined,
    body: request.kind === "none" ? undefined : summarizeBody(request),
  };
}
