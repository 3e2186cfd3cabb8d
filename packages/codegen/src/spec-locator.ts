import { readFileSync } from "node:fs";
import { getLineColLocation, parseYaml, Source } from "@redocly/openapi-core";
import { valueAtPointer } from "./pointer.js";

/** Where a part of a spec is: the file (as the repository names it), its line, and its JSON pointer. */
export interface SpecLocation {
  file: string;
  /** 1-based line of the part's key in the file; null when the pointer names nothing in it. */
  line: number | null;
  pointer: string;
}

/**
 * Finds JSON pointers of a hand-written spec in its YAML text, with Redocly's own code-frame lookup (the one its
 * lint messages use), so a report can say `specs/upmobile/openapi.yaml:712`.
 */
export function createSpecLocator(specPath: string, relativePath: string): (pointer: string) => SpecLocation {
  const body = readFileSync(specPath, "utf8");
  const source = new Source(specPath, body);
  const document = parseYaml(body);
  return (pointer) => {
    if (valueAtPointer(document, pointer) === undefined) return { file: relativePath, line: null, pointer };
    const { start } = getLineColLocation({ source, pointer: `#${pointer}`, reportOnKey: true });
    return { file: relativePath, line: start.line, pointer };
  };
}
