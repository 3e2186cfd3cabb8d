import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
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

/** Markers kept per recorder, so a value seen again costs a map lookup instead of an HMAC. */
const MAX_CACHED_MARKERS = 4096;

/** Whether a field of a body, form or query string holds a secret, by its name alone. */
function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase().replace(/[-_]/g, ""));
}

/**
 * The redaction rules of one recorder: the built-in secrets, the caller's extra headers and personal fields, and the
 * key of the personal values' hash. One instance serves every exchange; {@link Redactor.exchange} holds what one
 * exchange has seen.
 */
export class Redactor {
  readonly #headers: ReadonlySet<string>;
  readonly #fields: ReadonlySet<string>;
  readonly #mac: ReturnType<typeof hmac.create>;
  readonly #markers = new Map<string, string>();
  readonly #secretNames = new Map<string, boolean>();
  /** The personal fields of each operation's `sensitiveFields` with the caller's, built once per operation. */
  readonly #personal = new WeakMap<readonly string[], ReadonlySet<string>>();

  constructor(options: { headers: readonly string[]; fields: readonly string[]; hashKey?: string | Uint8Array }) {
    this.#headers = new Set([...SECRET_HEADERS, ...options.headers.map((h) => h.toLowerCase())]);
    this.#fields = new Set(options.fields);
    const key = options.hashKey ?? randomBytes(32);
    this.#mac = hmac.create(sha256, typeof key === "string" ? utf8ToBytes(key) : key);
  }

  /** The rules for one exchange of an operation whose spec marks `sensitiveFields`. */
  exchange(sensitiveFields: readonly string[] | undefined): ExchangeRedaction {
    let personal = this.#fields;
    if (sensitiveFields && sensitiveFields.length > 0) {
      const known = this.#personal.get(sensitiveFields);
      personal = known ?? new Set([...sensitiveFields, ...this.#fields]);
      if (!known) this.#personal.set(sensitiveFields, personal);
    }
    return new ExchangeRedaction(this, personal);
  }

  /** The four credential headers, the caller's, and any whose name is a secret's (`X-Api-Key`, `X-Auth-Token`). */
  isSecretHeader(name: string): boolean {
    return this.#headers.has(name.toLowerCase()) || this.isSecretName(name);
  }

  isSecretName(name: string): boolean {
    let secret = this.#secretNames.get(name);
    if (secret === undefined) {
      secret = isSecretName(name);
      if (this.#secretNames.size < MAX_CACHED_MARKERS) this.#secretNames.set(name, secret);
    }
    return secret;
  }

  /** The keyed-hash marker of a personal value: equal values give equal markers within this recorder. */
  marker(value: string): string {
    let marker = this.#markers.get(value);
    if (marker === undefined) {
      const mac = this.#mac.clone();
      mac.update(utf8ToBytes(value));
      marker = hashedMarker(bytesToHex(mac.digest()));
      if (this.#markers.size >= MAX_CACHED_MARKERS) this.#markers.clear();
      this.#markers.set(value, marker);
    }
    return marker;
  }
}

/**
 * Redaction of one exchange. It remembers the secret and personal values the request carried, so that free text
 * (an HTML error page, an error message, a JSON string that echoes the request) is scrubbed of them too.
 */
export class ExchangeRedaction {
  /** Values to search free text for, each with what replaces it. */
  readonly #seen = new Map<string, string>();

  constructor(
    readonly rules: Redactor,
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
