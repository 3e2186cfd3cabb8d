import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadedApi, loadApis } from "@contracts/codegen";
import { TEST_API, TEST_REGISTRY_ROOT } from "@contracts/test-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSUMPTION_NOTE, type BuiltDocs, buildDocs } from "../src/build.js";
import { samplesDir, siteDir } from "../src/paths.js";

// A third API that no code of this app names: the docs must follow from its registry entry and its spec alone.
let outDir: string;
let built: BuiltDocs;
let refunds: LoadedApi;
let page: string;

/** A string as it appears inside the JSON that Redoc embeds in its page. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "docs-test-registry-"));
  built = await buildDocs({ root: TEST_REGISTRY_ROOT, outDir, log: () => {} });
  [refunds] = (await loadApis(TEST_REGISTRY_ROOT)) as [LoadedApi];
  page = await readFile(join(outDir, TEST_API, "index.html"), "utf8");
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("the docs of another registry (the test registry's Refunds API)", () => {
  it("has an index card for Refunds API with its version and operation count", async () => {
    const index = await readFile(join(outDir, "index.html"), "utf8");
    const card = /<li class="api" id="refunds">([\s\S]*?)<\/li>/.exec(index)?.[1];
    expect(card, index).toBeDefined();
    expect(card).toContain(`<a href="refunds/index.html">Refunds API</a>`);
    expect(card).toContain("v0.1.0");
    expect(card).toContain("3 operations");
    expect(card).toContain(`<a href="refunds/openapi.yaml" download>`);
    expect(built.pages.map((p) => [p.alias, p.operations])).toEqual([["refunds", 3]]);
  });

  it("renders refunds/index.html with every operation and its curl sample", () => {
    const operations = Object.values(refunds.operations);
    expect(operations.map((o) => o.operationId).sort()).toEqual(["CreateRefund", "GetRefund", "ListRefunds"]);
    for (const { operationId, summary } of operations) {
      expect(page).toContain(`"operationId":"${operationId}"`);
      expect(page).toContain(summary);
    }
    const [samples] = built.samples;
    expect(samples?.operations).toHaveLength(3);
    for (const { curl } of samples?.operations ?? []) expect(page).toContain(inJson(curl));
    expect(page).toContain(
      inJson(`curl -X POST http://127.0.0.1:4010/refunds \\\n  -H "Authorization: Bearer $TOKEN"`),
    );
    expect(page).toContain(inJson("curl 'http://127.0.0.1:4010/refunds?page=1'"));
  });

  // @contracts/refunds does not exist (the fixture has no client package), so these samples are not
  // type-checked; the typecheck covers this repository's registry, whose packages are real.
  it("has TypeScript samples that call createRefundsClient from @contracts/refunds, by convention", () => {
    const operations = built.samples[0]?.operations ?? [];
    expect(operations).toHaveLength(3);
    for (const { typescript, method, path } of operations) {
      expect(typescript).toContain(`import { createRefundsClient } from "@contracts/refunds";`);
      expect(typescript).toContain("const refunds = createRefundsClient({");
      expect(typescript).toContain(`await refunds.${method}(${JSON.stringify(path)}`);
      expect(page).toContain(inJson(typescript));
    }
  });

  it("shows the x-assumed note in front of the RefundStatus schema's description", () => {
    const why = refunds.assumptions["/components/schemas/RefundStatus"];
    expect(why).toBe("The fixture's provider may add statuses; which are final is our reading.");
    expect(page).toContain(inJson(`> ${ASSUMPTION_NOTE} ${why}\n\nWhere a refund stands.`));
  });

  it("leaves this repository's site and samples alone", () => {
    expect(existsSync(join(siteDir, TEST_API))).toBe(false);
    expect(existsSync(join(samplesDir, TEST_API))).toBe(false);
  });
});
