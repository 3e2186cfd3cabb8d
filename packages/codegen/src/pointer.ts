/** One JSON-pointer segment, escaped (`/` → `~1`, `~` → `~0`). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** One JSON-pointer segment, unescaped (`a~1b` → `a/b`). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The value at a JSON pointer (`/a/b~1c`), or undefined. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let node = document;
  for (const segment of pointer.slice(1).split("/")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[unescapeSegment(segment)];
  }
  return node;
}
