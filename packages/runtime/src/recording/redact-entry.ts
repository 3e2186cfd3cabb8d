import type { OperationDescriptor } from "../operation-table.js";
import type { HarContent, HarEntry, HarNameValue, HarParam, HarPostData } from "./har.js";
import { type ExchangeRedaction, Redactor } from "./redact.js";
import { REDACTED } from "./redaction-markers.js";

interface EntryLimits {
  /** The longest body text written, in characters; a longer one is cut, with a comment saying so. */
  maxBodyLength: number;
}

export interface HarEntryRedactorOptions {
  /** As the recorder's `redact`: more headers to write as REDACTED and more fields to hash as personal. */
  redact?: { headers?: readonly string[]; fields?: readonly string[] };
  /** The key of the personal values' HMAC-SHA256; random by default. */
  hashKey?: string | Uint8Array;
  /** The longest body text kept, in characters (default 262144). */
  maxBodyLength?: number;
}

/**
 * Redacts HAR entries, the recorder's and those captured outside the clients (by a proxy, from the raw bytes):
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
    const { url, queryString } = redactUrl(entry.request.url, redaction, operation);
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
        redirectURL: redirectOf(entry, redaction),
        ...(entry.response._error === undefined ? {} : { _error: redaction.scrub(entry.response._error) }),
        ...(entry.response.comment === undefined ? {} : { comment: redaction.scrub(entry.response.comment) }),
      },
      ...(operation ? { _operationId: operation.operationId } : {}),
    };
  };
}

/** A redirect's target, resolved against the request's URL, with the secret and personal values of its query replaced. */
function redirectOf({ request, response }: HarEntry, redaction: ExchangeRedaction): string {
  const { redirectURL = "" } = response;
  if (redirectURL === "" || !URL.canParse(redirectURL, request.url)) return redaction.scrub(redirectURL);
  return redactUrl(new URL(redirectURL, request.url).href, redaction).url;
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
  const comment = postData.comment ? { comment: postData.comment } : {};
  if (postData.text === undefined) return { mimeType, ...comment };
  return { mimeType, ...comment, ...bounded(redactText(postData.text, mimeType, redaction), limits) };
}

function contentOf(content: HarContent, redaction: ExchangeRedaction, limits: EntryLimits): HarContent {
  const { size, mimeType } = content;
  if (content.text === undefined) return { size, mimeType, ...(content.comment ? { comment: content.comment } : {}) };
  if (content.encoding === "base64") return { size, mimeType, comment: "a binary body, not written" };
  const text = bounded(redactText(content.text, mimeType, redaction), limits);
  return { size, mimeType, ...text, ...(content.comment && !text.comment ? { comment: content.comment } : {}) };
}

/** The URL with the personal and secret values of its query and path replaced, and its query as HAR lists it. */
function redactUrl(
  href: string,
  redaction: ExchangeRedaction,
  operation?: OperationDescriptor,
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
  const segments = url.pathname.split("/");
  const template = operation?.path.split("/") ?? [];
  // The template matches the path's last segments, as a base URL may add a prefix.
  const offset = segments.length - template.length;
  if (personalPath.length > 0 && offset >= 0) {
    template.forEach((part, i) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined || !personalPath.some((p) => p.name === name)) return;
      segments[offset + i] = encodeURIComponent(redaction.text(name, decodeURIComponent(segments[offset + i] ?? "")));
    });
    url.pathname = segments.join("/");
  }
  return { url: url.href, queryString };
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
