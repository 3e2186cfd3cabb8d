import type { OpenApiDocument } from "./load-spec.js";
import { pointerSegment } from "./pointer.js";

type Json = Record<string, unknown>;

/** Calls `visit` with every object of the document and its JSON pointer (`""` for the root), in document order. */
function walk(node: unknown, pointer: string, visit: (value: Json, pointer: string) => void): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walk(item, `${pointer}/${index}`, visit);
    return;
  }
  visit(node as Json, pointer);
  for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${pointerSegment(key)}`, visit);
}

/**
 * Every part of the spec the seed documents do not state, marked `x-assumed: <why>`: JSON pointer → reason, in
 * document order. Reports and docs use it to say what to verify with the provider first.
 */
export function describeAssumptions(document: OpenApiDocument): Record<string, string> {
  const assumptions: Record<string, string> = {};
  walk(document, "", (node, pointer) => {
    const why = node["x-assumed"];
    if (why === undefined) return;
    if (typeof why !== "string" || why.trim() === "") {
      throw new Error(`x-assumed at ${pointer || "/"} must be a sentence saying why, not ${JSON.stringify(why)}.`);
    }
    assumptions[pointer] = why;
  });
  return assumptions;
}

/** The pointers of every enum schema marked `x-open-enum: true` (the provider may send values it does not list). */
export function openEnumPointers(document: OpenApiDocument): string[] {
  const pointers: string[] = [];
  walk(document, "", (node, pointer) => {
    if (node["x-open-enum"] === undefined) return;
    if (node["x-open-enum"] !== true || !Array.isArray(node.enum) || node.type !== "string") {
      throw new Error(`x-open-enum at ${pointer} must be \`true\` on a string enum schema.`);
    }
    pointers.push(pointer);
  });
  return pointers;
}
