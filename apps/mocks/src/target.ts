import type { OperationDescriptor, OperationTable } from "@contracts/runtime/internal";
import type { Problem } from "./errors.js";

/**
 * A request target read once, the way the front and Prism must both see it: the path percent-decoded segment by
 * segment, dot segments resolved and duplicate slashes merged; the query checked to be valid percent-encoding.
 */
export interface RequestTarget {
  /** Decoded segments, without empty ones: `/topup//inquire/` → `["topup", "inquire"]`. */
  segments: string[];
  /** Whether the path ends in `/`, which is significant (Paymob's paths do, Upmobile's do not). */
  trailingSlash: boolean;
  /** The query string as sent (without `?`), known to decode; Prism parses it from there. */
  query: string;
}

export type TargetResult = { ok: true; target: RequestTarget } | { ok: false; problem: Problem };

/** What a bad percent-escape breaks, for every message that refuses one. */
export const ESCAPES = "a % must be followed by two hexadecimal digits, and the escaped bytes must be UTF-8";

/**
 * Reads a raw request target (`req.url`). Refused: anything but a path (`*`, `http://…`), a fragment, a backslash
 * (URL parsers such as Prism's turn it into `/`), raw bytes outside printable ASCII, bad percent-escapes and an
 * escaped slash (`%2F`, which would make one segment two for a reader that decodes before splitting).
 */
export function parseTarget(raw: string): TargetResult {
  if (!raw.startsWith("/")) return refuse("The request target must be a path such as /accounts.");
  if (/[^\x21-\x7e]/.test(raw)) {
    return refuse("The request target contains raw characters outside printable ASCII; percent-encode them.");
  }
  if (raw.includes("#")) return refuse("The request target contains a fragment (#); leave it out.");
  if (raw.includes("\\")) return refuse("The request target contains a backslash; use / between segments.");
  const [rawPath = "", ...rest] = raw.split("?");
  const query = rest.join("?");
  // RFC 3986 §5.2.4 on decoded segments (`%2e%2e` is `..`), with empty segments dropped as nginx's `merge_slashes`.
  const segments: string[] = [];
  let trailingSlash = false;
  for (const segment of rawPath.slice(1).split("/")) {
    const value = decode(segment);
    if (value === undefined) return refuse(`The path segment "${segment}" is not valid percent-encoding: ${ESCAPES}.`);
    if (value.includes("/")) return refuse(`The path segment "${segment}" contains an escaped slash (%2F).`);
    trailingSlash = value === "" || value === "." || value === "..";
    if (value === "..") segments.pop();
    else if (!trailingSlash) segments.push(value);
  }
  const queryProblem = checkPairs(query, "query parameter");
  if (queryProblem) return { ok: false, problem: queryProblem };
  return { ok: true, target: { segments, trailingSlash: trailingSlash && segments.length > 0, query } };
}

/**
 * Every `name=value` pair of a query or a urlencoded form must decode (`+` meaning a space). Split as Prism does
 * (`splitUriParams`): the name ends at the first `=`. `noun` names a pair in the messages ("query parameter").
 */
export function checkPairs(text: string, noun: string): Problem | undefined {
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const [rawName = "", ...rest] = pair.split("=");
    const name = decode(rawName.replaceAll("+", " "));
    if (name === undefined) {
      return problemAt(rawName, `The ${noun} name "${rawName}" is not valid percent-encoding: ${ESCAPES}.`);
    }
    if (decode(rest.join("=").replaceAll("+", " ")) === undefined) {
      return problemAt(name, `The value of the ${noun} ${name} is not valid percent-encoding: ${ESCAPES}.`);
    }
  }
  return undefined;
}

/** `decodeURIComponent`, or undefined for a bad escape or escaped bytes that are not UTF-8. */
export function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The path re-encoded segment by segment, as Prism receives it (so no reader can split or decode it differently). */
export function encodePath(target: RequestTarget): string {
  return displayPath(target, encodeURIComponent);
}

/** The decoded path, for messages. */
export function displayPath(target: RequestTarget, encode = (segment: string) => segment): string {
  const path = `/${target.segments.map(encode).join("/")}`;
  return target.trailingSlash ? `${path}/` : path;
}

export interface RouteMatch {
  /** The operation for the method, if the spec documents one. */
  op: OperationDescriptor | undefined;
  /** Whether the path is one the spec documents (for some method). */
  known: boolean;
  /** With `op`: the decoded segment at each `{name}` of its path. */
  params?: Record<string, string>;
}

/** Matches targets against the operation table: literal segments exactly, `{param}` any one segment. */
export function createRouter(operations: OperationTable): (method: string, target: RequestTarget) => RouteMatch {
  const routes = Object.values(operations).map((op) => {
    const parts = op.path.split("/").slice(1);
    const trailingSlash = parts.at(-1) === "";
    const segments = (trailingSlash ? parts.slice(0, -1) : parts).map((text) => ({
      text,
      param: /^\{([^}]+)\}$/.exec(text)?.[1],
    }));
    return { op, segments, trailingSlash };
  });
  return (method, target) => {
    const matching = routes.filter(
      (r) =>
        r.trailingSlash === target.trailingSlash &&
        r.segments.length === target.segments.length &&
        r.segments.every((s, i) => s.param !== undefined || s.text === target.segments[i]),
    );
    const route = matching.find((r) => r.op.method === method);
    const params = route?.segments.flatMap((s, i) => (s.param ? [[s.param, target.segments[i] as string]] : []));
    return { op: route?.op, known: matching.length > 0, params: params && Object.fromEntries(params) };
  };
}

function refuse(message: string): TargetResult {
  return { ok: false, problem: { message } };
}

/** A problem with one field, named in the message and in the details. */
export function problemAt(field: string, message: string): Problem {
  return { message, details: [{ field, message }] };
}
