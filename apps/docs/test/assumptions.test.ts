import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findRepositoryRoot, loadApis } from "@contracts/codegen";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSUMPTION_NOTE, addAssumptionNotes } from "../src/build.js";
import { siteDir } from "../src/paths.js";
import { requireBuiltSite } from "./support/built-site.js";

const apis = await loadApis(findRepositoryRoot(import.meta.dirname));

beforeAll(requireBuiltSite);

describe.each(apis.map((api) => [api.alias, api.assumptions] as const))(
  "%s: assumption notes",
  (alias, assumptions) => {
    it("puts the note and its reason in front of the description of every part marked x-assumed", async () => {
      // the built page, not a fresh call of addAssumptionNotes: what a reader of the docs sees. Redoc embeds
      // the spec as JSON with `<` escaped, so no note can close the page's script.
      const page = await readFile(join(siteDir, alias, "index.html"), "utf8");
      expect(Object.keys(assumptions).length).toBeGreaterThan(5);
      for (const why of Object.values(assumptions)) {
        const embedded = JSON.stringify(`> ${ASSUMPTION_NOTE} ${why}`).slice(1, -1).replaceAll("<", "\\u003c");
        expect(page).toContain(embedded);
      }
    });

    it("are the ones the client package ships as specAssumptions", async () => {
      const { specAssumptions } = await import(`@contracts/${alias}/spec`);
      expect(assumptions).toEqual(specAssumptions);
    });

    it("refuses a marker the bundle does not have, rather than dropping it", () => {
      expect(() => addAssumptionNotes({ paths: {} }, { "/components/schemas/Nope": "why" })).toThrow(
        "x-assumed at /components/schemas/Nope is not in the bundle.",
      );
    });
  },
);
