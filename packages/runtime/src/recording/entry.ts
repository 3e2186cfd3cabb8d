import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { answerStart } from "../answer.js";
import { fieldPairs, partFileName } from "../multipart.js";
import type { OperationDescriptor } from "../operation-table.js";
import type { HarContent, HarEntry, HarNameValue, HarParam, HarPostData, HarResponse } from "./har.js";
import type { ExchangeRedaction, Redactor } from "./redact.js";
import { REDACTED } from "./redaction-markers.js";

/** One call as the client saw it: what it sent, what came back (or what was thrown), and when. */
export interface Exchange {
  operation: OperationDescriptor | undefined;
  /** The request openapi-fetch built (after middleware); its body is not read. */
  request: Request;
  /** The body as the caller gave it, before serialization. */
  body: unknown;
  /** The path parameters as the caller gave them, to find personal values in the URL's path. */
  pathParams: Record<string, unknown> | undefined;
  /** Whether the transport sent an Authorization header (a token is configured). */
  authorized: boolean;
  response: Response | undefined;
  /** The answer's body as it came, when it was read as text (a string cannot change after the call, data can). */
  responseText: Promise<string> | undefined;
  /** openapi-fetch's parsed answer: `data` for a success, `error` otherwise. */
  result: { data?: unknown; error?: unknown } | undefined;
  /** What the call threw, when it did. */
  thrown: unknown;
  failed: boolean;
  /** Epoch milliseconds when the call started. */
  startedAt: number;
  /** `performance.now()` when the call started, when its answer's headers came, and when it ended. */
  sentAt: number;
  headersAt: number;
  endedAt: number;
}

export interface EntryLimits {
  /** The longest body text written, in characters; a longer one is cut, with a comment saying so. */
  maxBodyLength: number;
}

/**
 * The HAR entry of an exchange, redacted: credentials and secret-named fields REDACTED, personal fields hashed,
 * file parts as their name, type, size and SHA-256. The request's body is read now, as the caller may change it
 * once the call returns; the rest, whose parts cannot change, by the returned function, off the call's path.
 */
export function prepareEntry(exchange: Exchange, redactor: Redactor, limits: EntryLimits): () => Promise<HarEntry> {
  const redaction = redactor.exchange(exchange.operation?.sensitiveFields);
  // The body first: the secrets it carries are then scrubbed from everything written after it.
  const postData = postDataOf(exchange, redaction, limits);
  return async () => {
    const responseText = await exchange.responseText?.catch(() => undefined);
    const entry = buildEntry(exchange, redaction, limits, responseText);
    if (postData !== undefined) entry.request.postData = await postData;
    return entry;
  };
}

function buildEntry(
  exchange: Exchange,
  redaction: ExchangeRedaction,
  limits: EntryLimits,
  responseText: string | undefined,
): HarEntry {
  const { operation, request } = exchange;
  const { url, queryString } = redactUrl(request.url, redaction, operation, exchange.pathParams);
  const headers = redaction.headers(request.headers);
  if (exchange.authorized && !request.headers.has("authorization")) {
    headers.push({ name: "authorization", value: REDACTED });
  }
  const entry: HarEntry = {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: exchange.endedAt - exchange.sentAt,
    request: {
      method: request.method,
      url,
      httpVersion: "",
      cookies: [],
      headers,
      queryString,
      headersSize: -1,
      bodySize: -1,
    },
    response: responseOf(exchange, redaction, limits, responseText),
    cache: {},
    timings: {
      send: 0,
      wait: exchange.response ? exchange.headersAt - exchange.sentAt : exchange.endedAt - exchange.sentAt,
      receive: exchange.response ? exchange.endedAt - exchange.headersAt : 0,
    },
  };
  if (operation) entry._operationId = operation.operationId;
  return entry;
}

/** The URL with the personal and secret values of its query and path replaced, and its query as HAR lists it. */
export function redactUrl(
  href: string,
  redaction: ExchangeRedaction,
  operation: OperationDescriptor | undefined,
  pathParams: Record<string, unknown> | undefined,
): { url: string; queryString: HarNameValue[] } {
  const hidden = (name: string) => redaction.personal.has(name) || redaction.rules.isSecretName(name);
  const personalPath = operation?.parameters.path.filter((p) => hidden(p.name)) ?? [];
  if (!href.includes("?") && personalPath.length === 0) return { url: href, queryString: [] };
  const url = new URL(href);
  const queryString: HarNameValue[] = [];
  for (const [name, value] of url.searchParams) queryString.push({ name, value: redaction.text(name, value) });
  if (queryString.length > 0) {
    url.search = new URLSearchParams(queryString.map(({ name, value }) => [name, value])).toString();
  }
  if (operation && personalPath.length > 0 && pathParams) {
    const segments = url.pathname.split("/");
    for (const [name, index] of templateParams(segments, operation.path)) {
      const value = pathParams[name];
      if (value != null && personalPath.some((p) => p.name === name)) {
        segments[index] = encodeURIComponent(redaction.text(name, String(value)));
      }
    }
    url.pathname = segments.join("/");
  }
  return { url: url.href, queryString };
}

/**
 * Each `{name}` segment of a path template with its index in `segments`, the path's own; the template is matched
 * against the path's last segments, as a base URL may add a prefix.
 */
export function templateParams(segments: readonly string[], template: string): Array<[name: string, index: number]> {
  const wanted = template.split("/");
  const offset = segments.length - wanted.length;
  if (offset < 0) return [];
  return wanted.flatMap((segment, i) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    return name === undefined ? [] : [[name, offset + i] as [string, number]];
  });
}

function postDataOf(
  exchange: Exchange,
  redaction: ExchangeRedaction,
  limits: EntryLimits,
): HarPostData | Promise<HarPostData> | undefined {
  const { body, request, operation } = exchange;
  if (body === undefined || body === null) return undefined;
  const mimeType = request.headers.get("content-type") ?? operation?.requestBody?.contentType ?? "";
  if (mimeType.startsWith("multipart/form-data")) return multipartOf(body, mimeType, redaction);
  if (mimeType.startsWith("application/x-www-form-urlencoded")) {
    const params = formPairs(body).map(([name, value]) => ({ name, value: redaction.text(name, value) }));
    const text = new URLSearchParams(params.map(({ name, value }) => [name, value ?? ""])).toString();
    return { mimeType, params, text };
  }
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return { mimeType, text: "", comment: `a binary body of ${byteSize(body)} bytes, not written` };
  }
  const text = typeof body === "string" ? redactText(body, mimeType, redaction) : (redaction.json(body) ?? "");
  return { mimeType, ...bounded(text, limits) };
}

function formPairs(body: unknown): Array<[string, string]> {
  if (typeof body === "string") return [...new URLSearchParams(body)];
  if (body instanceof URLSearchParams) return [...body];
  if (typeof body !== "object" || body === null) return [];
  return fieldPairs(body).flatMap(([name, value]) =>
    value == null ? [] : [[name, String(value)] as [string, string]],
  );
}

/** A multipart body's fields as HAR params; each file part as its name, type, size and SHA-256, never its bytes. */
function multipartOf(
  body: unknown,
  mimeType: string,
  redaction: ExchangeRedaction,
): HarPostData | Promise<HarPostData> {
  const params: HarParam[] = [];
  const hashing: Promise<void>[] = [];
  for (const [name, value] of body instanceof FormData ? body : fieldPairs(body as object)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) {
      const param: HarParam = {
        name,
        fileName: partFileName(name, value),
        contentType: value.type || "application/octet-stream",
        _size: value.size,
      };
      params.push(param);
      hashing.push(
        sha256Hex(value).then((hex) => {
          param._sha256 = hex;
        }),
      );
    } else {
      const text = value instanceof Date ? value.toISOString() : String(value);
      params.push({ name, value: redaction.text(name, text) });
    }
  }
  const postData: HarPostData = { mimeType, params };
  return hashing.length === 0 ? postData : Promise.all(hashing).then(() => postData);
}

function responseOf(
  exchange: Exchange,
  redaction: ExchangeRedaction,
  limits: EntryLimits,
  responseText: string | undefined,
): HarResponse {
  const { response, result, thrown, failed } = exchange;
  if (!response) {
    return {
      status: 0,
      statusText: "",
      httpVersion: "",
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: "x-unknown" },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      _error: redaction.scrub(describeError(thrown)),
    };
  }
  const length = response.headers.get("content-length");
  const size = length !== null && /^\d+$/.test(length) ? Number(length) : -1;
  const location = response.headers.get("location");
  const written: HarResponse = {
    status: response.status,
    statusText: response.statusText,
    httpVersion: "",
    cookies: [],
    headers: redaction.headers(response.headers),
    content: contentOf(response, responseText, result, redaction, limits, size),
    redirectURL: location ? redactUrl(location, redaction, undefined, undefined).url : "",
    headersSize: -1,
    bodySize: size,
  };
  if (failed) written.comment = `the call failed after the answer came: ${redaction.scrub(describeError(thrown))}`;
  return written;
}

function contentOf(
  response: Response,
  raw: string | undefined,
  result: Exchange["result"],
  redaction: ExchangeRedaction,
  limits: EntryLimits,
  size: number,
): HarContent {
  const mimeType = response.headers.get("content-type") ?? "";
  if (raw !== undefined) return { size, mimeType, ...bounded(redactText(raw, mimeType, redaction), limits) };
  const start = answerStart(response);
  if (start !== undefined) {
    const text = bounded(redactText(start, mimeType, redaction), limits);
    return size > start.length
      ? { size, mimeType, ...text, comment: "only the start was read: the client refused the answer" }
      : { size, mimeType, ...text };
  }
  const body = result ? (result.data !== undefined ? result.data : result.error) : undefined;
  if (body === undefined) {
    return result ? { size, mimeType } : { size, mimeType, comment: "the body was not read" };
  }
  if (body instanceof Blob || body instanceof ArrayBuffer || body instanceof ReadableStream) {
    return { size, mimeType, comment: "a binary or streamed body, not written" };
  }
  const text = typeof body === "string" ? redactText(body, mimeType, redaction) : (redaction.json(body) ?? "");
  return { size, mimeType, ...bounded(text, limits) };
}

/**
 * A body read as text, redacted by what it is rather than by its content type: JSON (even one sent as text/html)
 * field by field, a form (an OAuth server may answer one) pair by pair, anything else scrubbed of the request's
 * secret and personal values.
 */
export function redactText(raw: string, mimeType: string, redaction: ExchangeRedaction): string {
  const start = raw.trimStart()[0];
  if (start === "{" || start === "[") {
    try {
      return redaction.json(JSON.parse(raw)) ?? "";
    } catch {
      // Not JSON after all: written as text below.
    }
  }
  if (mimeType.startsWith("application/x-www-form-urlencoded")) {
    const pairs = [...new URLSearchParams(raw)].map(([name, value]) => [name, redaction.text(name, value)]);
    return new URLSearchParams(pairs).toString();
  }
  return redaction.scrub(raw);
}

/** The text, cut to the bound with a comment saying how much was kept. */
export function bounded(text: string, limits: EntryLimits): { text: string; comment?: string } {
  if (text.length <= limits.maxBodyLength) return { text };
  return {
    text: text.slice(0, limits.maxBodyLength),
    comment: `cut: the first ${limits.maxBodyLength} of ${text.length} characters`,
  };
}

/** An error's name and message, at most `max` characters; only the type of anything else thrown. */
export function describeError(error: unknown, max = 1000): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, max);
  return `thrown: ${typeof error}`;
}

function byteSize(body: Blob | ArrayBuffer | ArrayBufferView): number {
  return body instanceof Blob ? body.size : body.byteLength;
}

/** A file part's SHA-256, by Web Crypto where the platform has it (native, off the main thread), else @noble/hashes. */
async function sha256Hex(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const subtle = globalThis.crypto?.subtle;
  return bytesToHex(subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes));
}
