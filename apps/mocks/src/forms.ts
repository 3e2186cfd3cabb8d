import type { Problem } from "./errors.js";
import { MAX_FORM_FIELDS } from "./limits.js";
import { isJson, type MediaType } from "./media-type.js";
import { checkPairs, decode, ESCAPES, problemAt } from "./target.js";

/** What in a body would make Prism 5.14 throw and exit (see the README's Known Prism limits); undefined if none. */
export function checkBody(media: MediaType | undefined, body: Buffer): Problem | undefined {
  if (!media || body.length === 0) return undefined;
  if (media.essence === "application/x-www-form-urlencoded") return checkUrlencoded(body);
  if (media.essence === "multipart/form-data") return checkMultipart(body, media.parameters.get("boundary") ?? "");
  if (!isJson(media)) return undefined;
  try {
    JSON.parse(body.toString("utf8"));
    return undefined;
  } catch {
    return problemAt("body", "The body is not valid JSON.");
  }
}

/** Every `name=value` pair must decode (`+` meaning a space), and there may be at most {@link MAX_FORM_FIELDS}. */
export function checkUrlencoded(body: Buffer): Problem | undefined {
  const text = body.toString("utf8");
  return text.split("&").length > MAX_FORM_FIELDS ? tooManyFields() : checkPairs(text, "form field");
}

/** RFC 2046 §5.1.1: 1 to 70 characters from a small set, not ending in a space. */
export function isValidBoundary(boundary: string): boolean {
  return /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary);
}

const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
// exactly the layout every browser, curl and undici's FormData send: `form-data; name="…"`, then optionally
// `; filename="…"`. Prism's parser reads the name from the second `;`-separated item and JSON-parses the third.
const DISPOSITION = /^form-data[ \t]*;[ \t]*name="([^"]*)"(?:[ \t]*;[ \t]*filename="([^"]*)")?$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what this refuses.
const UNSAFE_IN_PARAMETER = /[";=\\\x00-\x1f\x7f]/;

/**
 * A strict RFC 7578 reading: every boundary line starts a line and ends in CRLF, the body ends with the closing
 * boundary, every part has headers, one `Content-Disposition` as above and, for a file, a `Content-Type`.
 */
export function checkMultipart(body: Buffer, boundary: string): Problem | undefined {
  // latin1 maps each byte to one character, so string offsets are byte offsets.
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  let at = text.indexOf(delimiter);
  if (at === -1) return malformed(`it has no boundary line (${delimiter}).`);
  if (at !== 0 && !text.startsWith("\r\n", at - 2)) return malformed("the first boundary does not start a line.");
  let fields = 0;
  for (;;) {
    const after = at + delimiter.length;
    if (text.startsWith("--", after)) break;
    if (!text.startsWith("\r\n", after)) return malformed("a boundary line must end right after the boundary.");
    const next = text.indexOf(delimiter, after + 2);
    if (next === -1) return malformed(`it ends without its closing boundary (${delimiter}--).`);
    if (!text.startsWith("\r\n", next - 2)) return malformed("the boundary appears inside a part.");
    fields += 1;
    if (fields > MAX_FORM_FIELDS) return tooManyFields();
    const problem = checkPart(text.slice(after + 2, Math.max(after + 2, next - 2)));
    if (problem) return problem;
    at = next;
  }
  if (text.includes(delimiter, at + delimiter.length))
    return malformed("the boundary appears after the closing boundary.");
  // Prism's parser ignores bare CR and LF bytes when it looks for the boundary, so `--bou\rndary` inside a
  // file is a boundary to it; a boundary found only that way would start a part without headers and make it exit.
  if (text.replace(/[\r\n]/g, "").split(delimiter).length !== fields + 2) {
    return malformed("the boundary appears inside a part (split by a CR or LF byte).");
  }
  return undefined;
}

function checkPart(part: string): Problem | undefined {
  const headerEnd = part.startsWith("\r\n") ? 0 : part.indexOf("\r\n\r\n");
  if (headerEnd === -1) return malformed("a part's headers are not followed by an empty line.");
  const lines = headerEnd === 0 ? [] : part.slice(0, headerEnd).split("\r\n");
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of lines) {
    const match = HEADER_LINE.exec(line);
    if (!match || /[\r\n]/.test(line)) return malformed(`a part has a malformed header line: ${JSON.stringify(line)}.`);
    const name = (match[1] as string).toLowerCase();
    const value = match[2] as string;
    if (name === "content-disposition") {
      if (disposition !== undefined) return malformed("a part has two Content-Disposition headers.");
      disposition = value;
    } else if (name === "content-type") {
      if (contentType !== undefined) return malformed("a part has two Content-Type headers.");
      contentType = value;
    }
  }
  if (disposition === undefined) return malformed("a part has no Content-Disposition header.");
  const match = DISPOSITION.exec(disposition);
  if (!match) {
    return malformed(
      `a part's Content-Disposition must read form-data; name="…" (then optionally; filename="…"), not ${JSON.stringify(disposition)}.`,
    );
  }
  const [, name = "", filename] = match;
  if (name === "") return malformed("a part has an empty field name.");
  const unreadable = (what: string) =>
    problemAt(name, `${what} contains a character the mock cannot read (" ; = \\ or a control character).`);
  if (UNSAFE_IN_PARAMETER.test(name)) return unreadable(`The form field name "${name}"`);
  if (decode(name) === undefined)
    return problemAt(name, `The form field name "${name}" is not valid percent-encoding: ${ESCAPES}.`);
  if (filename === undefined) return undefined;
  if (UNSAFE_IN_PARAMETER.test(filename)) return unreadable(`The file name "${filename}" of ${name}`);
  return contentType ? undefined : problemAt(name, `The file part ${name} has no Content-Type header.`);
}

function malformed(reason: string): Problem {
  return { message: `The multipart body is malformed: ${reason}` };
}

function tooManyFields(): Problem {
  return { message: `The form has more than ${MAX_FORM_FIELDS} fields; the mock reads at most ${MAX_FORM_FIELDS}.` };
}
