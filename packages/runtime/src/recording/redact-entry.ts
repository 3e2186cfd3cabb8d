import type { OperationDescriptor } from "../operation-table.js";
import { bounded, type EntryLimits, redactText, redactUrl, templateParams } from "./entry.js";
import type { HarContent, HarEntry, HarNameValue, HarParam, HarPostData } from "./har.js";
import { type ExchangeRedaction, Redactor } from "./redact.js";
import { REDACTED } from "./redaction-markers.js";

export interface HarEntryRedactorOptions {
  /** As the recorder's `redact`: more headers to write as REDACTED and more fields to hash as personal. */
  redact?: { headers?: readonly string[]; fields?: readonly string[] };
  /** The key of the personal values' HMAC-SHA256; random by default. */
  hashKey?: string | Uint8Array;
  /** The longest body text kept, in characters (default 262144). */
  maxBodyLength?: number;
}

/**
 * Redacts HAR entries captured outside the clients (by a proxy, from the raw bytes) with the recorder's rules:
 * credentials and secret-named fields REDACTED, the operation's `sensitiveFields` and the caller's hashed, file
 * parts kept as name, type, size and SHA-256 only, binary bodies dropped. Returns a new entry.
 */
export function createHarEntryRedactor(
  options: HarEntryRedactorOptions = {},
): (entry: HarEntry, operation?: OperationDescriptor) => HarEntry {
  const redactor = new Redactor({
    headers: options.redact?.headers ?? [],
    fields: options.redact?.fields ?? [],
    ...(options.hashKey === undefined ? {} : { hashKey: options.hashKey }),
  });
  const limits: EntryLimits = { maxBodyLength: options.maxBodyLength ?? 262_144 };
  return (entry, operation) => {
    const redaction = redactor.exchange(operation?.sensitiveFields);
    // The body first: the secrets it carries are then scrubbed from everything written after it.
    const postData = entry.request.postData && postDataOf(entry.request.postData, redaction, limits);
    const pathParams = operation ? pathValues(new URL(entry.request.url).pathname, operation.path) : undefined;
    const { url, queryString } = redactUrl(entry.request.url, redaction, operation, pathParams);
    return {
      ...entry,
      request: {
        ...entry.request,
        url,
        cookies: [],
        headers: headersOf(entry.request.headers, redaction),
        queryString,
        ...(postData ? { postData } : {}),
      },
      response: {
        ...entry.response,
        cookies: [],
        headers: headersOf(entry.response.headers, redaction),
        content: contentOf(entry.response.content, redaction, limits),
        ...(entry.response._error === undefined ? {} : { _error: redaction.scrub(entry.response._error) }),
      },
      ...(operation ? { _operationId: operation.operationId } : {}),
    };
  };
}

function headersOf(headers: readonly HarNameValue[], redaction: ExchangeRedaction): HarNameValue[] {
  return headers.map(({ name, value }) => ({
    name,
    value: redaction.rules.isSecretHeader(name) ? REDACTED : redaction.scrub(value),
  }));
}

function postDataOf(postData: HarPostData, redaction: ExchangeRedaction, limits: EntryLimits): HarPostData {
  const { mimeType } = postData;
  // Chromium writes an empty `params` beside the body's `text`: the text is then the body.
  if (postData.params && (postData.params.length > 0 || postData.text === undefined)) {
    const params = postData.params.map((param): HarParam => {
      const file = param.fileName !== undefined || param._size !== undefined || param._sha256 !== undefined;
      if (!file) return { name: param.name, value: redaction.text(param.name, param.value ?? "") };
      const { value: _bytes, ...described } = param;
      return described;
    });
    if (mimeType.startsWith("multipart/")) return { mimeType, params };
    const text = new URLSearchParams(params.map(({ name, value }) => [name, value ?? ""])).toString();
    return { mimeType, params, text };
  }
  if (/^multipart\//i.test(mimeType)) {
    return {
      mimeType,
      text: "",
      comment: "a multipart body written only as raw text, not kept (it may hold file bytes)",
    };
  }
  if (postData.text === undefined) return { mimeType, ...(postData.comment ? { comment: postData.comment } : {}) };
  return { mimeType, ...bounded(redactText(postData.text, mimeType, redaction), limits) };
}

function contentOf(content: HarContent, redaction: ExchangeRedaction, limits: EntryLimits): HarContent {
  const { size, mimeType } = content;
  if (content.text === undefined) return { size, mimeType, ...(content.comment ? { comment: content.comment } : {}) };
  if (content.encoding === "base64") return { size, mimeType, comment: "a binary body, not written" };
  const text = bounded(redactText(content.text, mimeType, redaction), limits);
  return { size, mimeType, ...text, ...(content.comment && !text.comment ? { comment: content.comment } : {}) };
}

/** The values of a template's `{name}` segments in a path. */
function pathValues(pathname: string, template: string): Record<string, string> {
  const actual = pathname.split("/");
  return Object.fromEntries(
    templateParams(actual, template).map(([name, index]) => [name, decodeURIComponent(actual[index] ?? "")]),
  );
}
