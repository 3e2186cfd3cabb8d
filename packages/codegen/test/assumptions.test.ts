import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../src/load-spec.js";
import { describeAssumptions } from "../src/spec-markers.js";
import { findRepositoryRoot, readApis } from "../src/workspace.js";

const root = findRepositoryRoot(import.meta.dirname);
const readme = readFileSync(join(root, "specs", "README.md"), "utf8");

/** The rows of one API's table in the README's "Assumptions" section: pointer → why. */
function listed(specRelativePath: string): Record<string, string> {
  const section = readme.split(`(\`${specRelativePath}\`)`)[1]?.split("\n### ")[0] ?? "";
  const rows: Record<string, string> = {};
  for (const [, pointer, why] of section.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)) {
    rows[pointer as string] = (why as string).replace(/\\\|/g, "|");
  }
  return rows;
}

describe.each(readApis(root).map((api) => [api.alias, api] as const))("%s", (_alias, api) => {
  it("lists every x-assumed marker of the spec in specs/README.md with the spec's own reason, and nothing else", async () => {
    const markers = describeAssumptions(await loadSpec(api.specPath));
    expect(Object.keys(markers).length).toBeGreaterThan(10);
    expect(listed(api.specRelativePath)).toEqual(markers);
  });
});
