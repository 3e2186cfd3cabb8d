import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type LoadedApi, loadApis } from "@contracts/codegen";
import { copyTestRegistry, TEST_API } from "@contracts/test-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocs } from "../src/build.js";
import { changesSections } from "../src/changes.js";

// The Changes page from a small history of the test registry's spec: 0.1.0 tagged, a breaking 1.0.0 tagged, and an
// unreleased change on top.
const run = promisify(execFile);
let registry: Awaited<ReturnType<typeof copyTestRegistry>>;
let outDir: string;
let page: string;

const testApi = async (root: string): Promise<LoadedApi> =>
  (await loadApis(root)).find((api) => api.alias === TEST_API) as LoadedApi;

beforeAll(async () => {
  registry = await copyTestRegistry();
  const { root } = registry;
  const git = (...args: string[]) =>
    run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root });
  const spec = join(root, "specs", TEST_API, "openapi.yaml");
  const edit = async (from: string, to: string) => writeFile(spec, (await readFile(spec, "utf8")).replace(from, to));
  await git("init", "-q", "-b", "main");
  await git("add", ".");
  await git("commit", "-q", "-m", "0.1.0");
  await git("tag", `spec/${TEST_API}@0.1.0`);
  await edit("  version: 0.1.0", "  version: 1.0.0");
  await edit("          maxLength: 200\n", "          maxLength: 100\n");
  await git("commit", "-q", "-am", "1.0.0");
  await git("tag", `spec/${TEST_API}@1.0.0`);
  await edit("        - name: page\n", "        - name: page\n          deprecated: false\n");
  await edit("      operationId: ListRefunds\n", "      operationId: ListRefunds\n      x-moves-money: false\n");
  await edit("            default: 1\n", "            default: 1\n            maximum: 1000\n");
  outDir = await mkdtemp(join(tmpdir(), "docs-changes-"));
  await buildDocs({ root, outDir, log: () => {} });
  page = await readFile(join(outDir, TEST_API, "changes.html"), "utf8");
});
afterAll(async () => {
  await registry?.remove();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("the Changes page", () => {
  it("lists the unreleased changes, then each tagged version against the one before, newest first", async () => {
    const sections = await changesSections(registry.root, await testApi(registry.root));
    expect(sections.map((s) => s.title)).toEqual(["Unreleased (since 1.0.0)", "1.0.0", "0.1.0"]);
    expect(sections[0]?.diff?.changes.map((c) => c.rule)).toEqual(["request-rule-tightened"]);
    expect(sections[1]?.diff).toMatchObject({ breaking: 1, majorRaised: true, ok: true });
    expect(sections[2]?.diff).toBeNull();
  });

  it("renders them, breaking ones marked, linked from the index", async () => {
    expect(page).toContain("<h2>Unreleased (since 1.0.0)</h2>");
    expect(page).toContain(
      '<span class="breaking">Breaking:</span> <code>RefundRequest.reason</code>: maxLength 200 → 100',
    );
    expect(page).toContain("1 breaking, announced by the major version (0.1.0 → 1.0.0)");
    expect(page).toContain("The first tagged version.");
    expect(await readFile(join(outDir, "index.html"), "utf8")).toContain(
      `<a href="${TEST_API}/changes.html">Changes</a>`,
    );
  });

  it("says so when no version is tagged", async () => {
    const untagged = await copyTestRegistry();
    try {
      expect(await changesSections(untagged.root, await testApi(untagged.root))).toEqual([]);
    } finally {
      await untagged.remove();
    }
  });
});
