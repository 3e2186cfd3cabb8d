/** The segments of a JSON pointer, unescaped: `/a~1b/0` → `["a/b", "0"]`; the root has none. */
export function segments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => (s.includes("~") ? s.replace(/~1/g, "/").replace(/~0/g, "~") : s));
}

/** A field's name as a person reads it: `["data", "accounts", "0", "id"]` → `data.accounts[0].id`. */
export function fieldLabel(parts: readonly string[]): string {
  let out = "";
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out = out ? `${out}.${part}` : part;
  }
  return out;
}

/** The value at a JSON pointer, or undefined when the path leaves the data. */
export function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of segments(pointer)) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
