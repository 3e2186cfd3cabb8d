import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import type { OperationDescriptor } from "../operation-table.js";
import type { HarContent, HarEntry, HarNameValue, HarParam, HarPostData } from "./har.js";
import { hashedMarker, REDACTED } from "./redaction-markers.js";

/** Headers whose value is a credential whatever the API: always written as REDACTED. */
const SECRET_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

/**
 * A field name that holds a secret, compared lower-case without `_` and `-`: by its ending, so `client_secret`,
 * `refresh_token`, `accessToken` and `new-password` all match while `token_type` and `expires_in` do not.
 */
const SECRET_NAME = /(password|passwd|passphrase|secret|token|apikey|privatekey|authorization|cookie|credentials?)$/;

/** Secret and personal values shorter than this are not searched for in free text (they would match everywhere). */
const MIN_SCRUBBED_LENGTH = 4;

/** Names and markers cached per redactor, so a name or value seen again costs a map lookup, not a regex or an HMAC. */
const MAX_CACHED = 4096;

export interface HarEntryRedactorOptions {
  /** As the recorder's `redact`: more headers to write as REDACTED and more fields to hash as personal. */
  redact?: { headers?: readonly string[]; fields?: readonly string[] };
  /** The key of the personal values' HMAC-SHA256; random by default. */
  hashKey?: string | Uint8Array;
  /** The longest body text kept, in characters (default 262144). */
  maxBodyLength?: number;
}

/** The redaction rules of one redactor, which every exchange it redacts shares. */
interface Rules {
  isSecretName(name: string): boolean;
  /** The four credential headers, the caller's, and any whose name is a secret's (`X-Api-Key`, `X-Auth-Token`). */
  isSecretHeader(name: string): boolean;
  /** The keyed-hash marker of a personal value: equal values give equal markers within one redactor. */
  marker(value: string): string;
}

/**
 * Redacts HAR entries, the recorder's and those captured outside the clients (by a proxy, from the raw bytes):
 * credentials and secret-named fields REDACTED, the operation's `sensitiveFields` and the caller's hashed, file
 * parts kept as name, type, size and SHA-256 only, binary bodies dropped. Returns a new entry.
 */
export function createHarEntryRedactor(
  options: HarEntryRedactorOptions = {},
): (entry: HarEntry, operation?: OperationDescriptor) => HarEntry {
  const headers = new Set([...SECRET_HEADERS, ...(options.redact?.headers ?? []).map((h) => h.toLowerCase())]);
  const fields: ReadonlySet<string> = new Set(options.redact?.fields);
  const key = options.hashKey ?? randomBytes(32);
  const mac = hmac.create(sha256, typeof key === "string" ? utf8ToBytes(key) : key);
  const maxBodyLength = options.maxBodyLength ?? 262_144;
  const secretNames = new Map<string, boolean>();
  const markers = new Map<string, string>();
  /** The personal fields of each operation's `sensitiveFields` with the caller's, built once per operation. */
  const personalOf = new WeakMap<readonly string[], ReadonlySet<string>>();
  const isSecretName = (name: string): boolean => {
    let secret = secretNames.get(name);
    if (secret === undefined) {
      secret = SECRET_NAME.test(name.toLowerCase().replace(/[-_]/g, ""));
      if (secretNames.size < MAX_CACHED) secretNames.set(name, secret);
    }
    return secret;
  };
  const rules: Rules = {
    isSecretName,
    isSecretHeader: (name) => headers.has(name.toLowerCase()) || isSecretName(name),
    marker(value) {
      let marker = markers.get(value);
      if (marker === undefined) {
        const hash = mac.clone();
        hash.update(utf8ToBytes(value));
        marker = hashedMarker(bytesToHex(hash.digest()));
        if (markers.size >= MAX_CACHED) markers.clear();
        markers.set(value, marker);
      }
      return marker;
    },
  };
  const personal = (sensitiveFields: readonly string[] | undefined): ReadonlySet<string> => {
    if (!sensitiveFields?.length) return fields;
    const known = personalOf.get(sensitiveFields);
    if (known) return known;
    const set = new Set([...sensitiveFields, ...fields]);
    personalOf.set(sensitiveFields, set);
    return set;
  };
  return (entry, operation) => {
    const redaction = new ExchangeRedaction(rules, personal(operation?.sensitiveFields));
    // The body first: the secrets it carries are then scrubbed from everything written after it.
    const postData = entry.request.postData && postDataOf(entry.request.postData, redaction, maxBodyLength);
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
        content: contentOf(entry.response.content, redaction, maxBodyLength),
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

function postDataOf(postData: HarPostData, redaction: ExchangeRedaction, maxBodyLength: number): HarPostData {
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
  return { mimeType, ...comment, ...bounded(redactText(postData.text, mimeType, redaction), maxBodyLength) };
}

function contentOf(content: HarContent, redaction: ExchangeRedaction, maxBodyLength: number): HarContent {
  const { size, mimeType } = content;
  if (content.text === undefined) return { size, mimeType, ...(content.comment ? { comment: content.comment } : {}) };
  if (content.encoding === "base64") return { size, mimeType, comment: "a binary body, not written" };
  const text = bounded(redactText(content.text, mimeType, redaction), maxBodyLength);
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

/** A `"name": value` pair of JSON text whose value is a string (cut off or not) or a number. */
const JSON_PAIR = /"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|-?[\d.eE+-]+)/g;

/**
 * A body read as text, redacted by what it is rather than by its content type: JSON (even one sent as text/html)
 * field by field, a form (an OAuth server may answer one) pair by pair, anything else scrubbed of the request's
 * secret and personal values.
 */
function redactText(raw: string, mimeType: string, redaction: ExchangeRedaction): string {
  const start = raw.trimStart()[0];
  if (start === "{" || start === "[") {
    try {
      return redaction.json(JSON.parse(raw)) ?? "";
    } catch {
      // Not JSON after all (cut, or broken): its `"name": value` pairs are still redacted by name, then scrubbed.
      return redaction.scrub(
        raw.replace(JSON_PAIR, (pair, name: string, colon: string, value: string) => {
          const text = !value.startsWith('"')
            ? value
            : value.slice(1, value.length > 1 && value.endsWith('"') ? -1 : undefined);
          const written = redaction.text(name, text);
          return written === text ? pair : `"${name}"${colon}${JSON.stringify(written)}`;
        }),
      );
    }
  }
  if (mimeType.startsWith("application/x-www-form-urlencoded")) {
    const pairs = [...new URLSearchParams(raw)].map(([name, value]) => [name, redaction.text(name, value)]);
    return new URLSearchParams(pairs).toString();
  }
  return redaction.scrub(raw);
}

/** The text, cut to the bound with a comment saying how much was kept. */
function bounded(text: string, max: number): { text: string; comment?: string } {
  if (text.length <= max) return { text };
  return { text: text.slice(0, max), comment: `cut: the first ${max} of ${text.length} characters` };
}

/**
 * Redaction of one exchange. It remembers the secret and personal values the request carried, so that free text
 * (an HTML error page, an error message, a JSON string that echoes the request) is scrubbed of them too.
 */
export class ExchangeRedaction {
  /** Values to search free text for, each with what replaces it. */
  readonly #seen = new Map<string, string>();

  constructor(
    readonly rules: Rules,
    readonly personal: ReadonlySet<string>,
  ) {}

  /** What a named field is written as: REDACTED for a secret, a marker for a personal value, else the value. */
  field(name: string, value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (this.rules.isSecretName(name)) {
      this.#remember(value, REDACTED);
      return REDACTED;
    }
    if (this.personal.has(name)) {
      const marker = this.rules.marker(typeof value === "string" ? value : JSON.stringify(value));
      this.#remember(value, marker);
      return marker;
    }
    return value;
  }

  /** A field's value as text for a form or a query string. */
  text(name: string, value: string): string {
    return this.field(name, value) as string;
  }

  /** JSON text of a body with secret fields REDACTED and personal ones hashed, at any depth, and strings scrubbed. */
  json(body: unknown): string | undefined {
    return JSON.stringify(this.#redact(body, this.#seen.size > 0));
  }

  /**
   * The value with its fields redacted, copied only where something changed: a walk and a plain stringify cost
   * about half of what a stringify replacer does on a page of records.
   */
  #redact(value: unknown, scrub: boolean): unknown {
    if (typeof value === "string") return scrub ? this.scrub(value) : value;
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const written = this.#redact(value[i], scrub);
        if (written !== value[i]) {
          copy ??= value.slice();
          copy[i] = written;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      const field = this.field(key, item);
      const written = field === item ? this.#redact(item, scrub) : field;
      if (written !== item) {
        copy ??= { ...record };
        // A body's own `__proto__` field stays a field, never the copy's prototype.
        Object.defineProperty(copy, key, { value: written, enumerable: true, writable: true, configurable: true });
      }
    }
    return copy ?? value;
  }

  /** Free text with every secret and personal value this exchange's request carried replaced. */
  scrub(text: string): string {
    let out = text;
    for (const [value, replacement] of this.#seen) {
      if (out.includes(value)) out = out.replaceAll(value, replacement);
    }
    return out;
  }

  #remember(value: unknown, replacement: string): void {
    if (typeof value !== "string" && typeof value !== "number") return;
    const text = String(value);
    if (text.length >= MIN_SCRUBBED_LENGTH && text !== replacement) this.#seen.set(text, replacement);
  }
}
