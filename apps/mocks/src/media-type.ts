/** A media type read strictly (RFC 9110 §8.3.1): `type/subtype` and its parameters, names lower-cased. */
export interface MediaType {
  /** `type/subtype`, lower-cased: `multipart/form-data`. */
  essence: string;
  parameters: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// a parameter is `; name=value` with the value a token or a quoted-string of printable ASCII. That is a subset
// of what both of Prism's parsers accept (`content-type`, which throws on anything else, and `whatwg-mimetype`), so
// a value that passes here reads the same in both.
const PARAMETER =
  /^[ \t]*;[ \t]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")/;

/** Parses a `Content-Type` (or one `Accept` element); undefined when it is not a valid media type. */
export function parseMediaType(header: string): MediaType | undefined {
  const semicolon = header.indexOf(";");
  const essence = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  const [type, subtype, extra] = essence.split("/");
  if (!type || !subtype || extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const parameters = new Map<string, string>();
  let rest = semicolon === -1 ? "" : header.slice(semicolon);
  while (rest.trim() !== "") {
    const match = PARAMETER.exec(rest);
    if (!match) return undefined;
    const name = (match[1] as string).toLowerCase();
    const raw = match[2] as string;
    if (parameters.has(name)) return undefined;
    parameters.set(name, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw);
    rest = rest.slice(match[0].length);
  }
  return { essence: essence.toLowerCase(), parameters };
}

/** The media type written back in canonical form, so Prism reads exactly what the front checked. */
export function formatMediaType(media: MediaType): string {
  let text = media.essence;
  for (const [name, value] of media.parameters) {
    text += `; ${name}=${TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`}`;
  }
  return text;
}

/**
 * Whether Prism can read an `Accept` header: it splits it on every comma and, when nothing matches, parses each
 * piece with a parser that throws (and so exits) on an empty or malformed one.
 */
export function isReadableAccept(header: string): boolean {
  return header.trim() === "" || header.split(",").every((piece) => parseMediaType(piece) !== undefined);
}

/** `application/json` or any `application/*+json`, as Prism's body reader tells JSON apart. */
export function isJson(media: MediaType): boolean {
  return media.essence === "application/json" || /^application\/[^/]+\+json$/.test(media.essence);
}
