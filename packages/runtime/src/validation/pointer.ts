// these run once per broken rule of every invalid value, so they scan the pointer once, without regexes.

/** One pointer segment unescaped (`a~1b` → `a/b`). */
const unescapeSegment = (segment: string) =>
  segment.includes("~") ? segment.replace(/~1/g, "/").replace(/~0/g, "~") : segment;

/** The segments of a JSON pointer, unescaped: `/a~1b/0` → `["a/b", "0"]`; the root has none. */
export function segments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapeSegment);
}

const isIndex = (segment: string) => {
  if (segment === "") return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/**
 * A field's name as a person reads it, from a JSON pointer: `/data/accounts/0/id` → `data.accounts[0].id`. `skip`
 * leaves out leading segments (a parameter set's `/query`).
 */
export function fieldLabel(pointer: string, skip = 0): string {
  const escaped = pointer.includes("~");
  let out = "";
  let index = 0;
  for (let start = 1; start <= pointer.length; index++) {
    let end = pointer.indexOf("/", start);
    if (end === -1) end = pointer.length;
    if (index >= skip) {
      const part = escaped ? unescapeSegment(pointer.slice(start, end)) : pointer.slice(start, end);
      if (isIndex(part)) out += `[${part}]`;
      else out = out === "" ? part : `${out}.${part}`;
    }
    start = end + 1;
  }
  return out;
}

/** The value at a JSON pointer, or undefined when the path leaves the data. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let current = data;
  for (const part of segments(pointer)) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
