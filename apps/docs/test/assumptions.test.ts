import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findRepositoryRoot, readApis } from "@contracts/codegen";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSUMPTION_NOTE, addAssumptionNotes } from "../src/build.js";
import { siteDir } from "../src/paths.js";
import { loadClientPackage } from "../src/samples.js";
import { requireBuiltSite } from "./support/built-site.js";

const apis = readApis(findRepositoryRoot(import.meta.dirname));

beforeAll(requireBuiltSite);

describe.each(apis.map((api) => [api.alias] as const))("%s: assumption notes", (alias) => {
  it("puts the note and its reason in front of the description of every part marked x-assumed", async () => {
    const bundle = JSON.parse(await readFile(join(siteDir, alias, "openapi.json"), "utf8"));
    const { specAssumptions } = await loadClientPackage(alias);
    expect(Object.keys(specAssumptions).length).toBeGreaterThan(5);
    addAssumptionNotes(bundle, specAssumptions);
    const text = JSON.stringify(bundle);
    for (const why of Object.values(specAssumptions)) {
      expect(text).toContain(JSON.stringify(`> ${ASSUMPTION_NOTE} ${why}`).slice(1, -1));
    }
  });

  it("refuses a marker the bundle does not have, rather than dropping it", () => {
    expect(() => addAssumptionNotes({ paths: {} }, { "/components/schemas/Nope": "why" })).toThrow(
      "x-assumed at /components/schemas/Nope is not in the bundle.",
    );
  });
});
