import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContractReport } from "../src/report.js";
import { testContract } from "./support/test-contract.js";

// `pnpm test:contract`, exactly as a user types it, twice in a row: first against a live provider (the sandbox,
// reached only through the environment), then with the same variables pointing at a port where nothing listens.
// A run that replays a cached result would pass the second time; an honest one fails, and says why.

const reports = mkdtempSync(join(tmpdir(), "contract-reports-"));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
});
afterAll(async () => {
  await sandbox?.stop();
  rmSync(reports, { recursive: true, force: true });
});

/** A port nothing listens on (bound, read, released). */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const lastLines = (output: string, n: number) =>
  stripVTControlCharacters(output)
    .trimEnd()
    .split("\n")
    .filter((line) => !line.includes("ELIFECYCLE"))
    .slice(-n);

describe("pnpm test:contract against a provider named by the environment", () => {
  it("runs for real each time: green against the live provider, red against a dead port right after", async () => {
    const live = {
      UPMOBILE_BASE_URL: sandbox.upmobile.url,
      UPMOBILE_TOKEN: sandbox.upmobile.token,
      TOPUP_BASE_URL: sandbox.topup.url,
      TOPUP_TOKEN: sandbox.topup.token,
      TOPUP_CLIENT_ID: sandbox.topupCredentials.client_id,
      TOPUP_CLIENT_SECRET: sandbox.topupCredentials.client_secret,
      TOPUP_USERNAME: sandbox.topupCredentials.username,
      TOPUP_PASSWORD: sandbox.topupCredentials.password,
      CONTRACT_PROVIDER: "honesty-check",
      CONTRACT_REPORT_DIR: join(reports, "live"),
    };
    const first = await testContract(live);
    expect(first.code, first.output.slice(-3000)).toBe(0);
    const firstReport = JSON.parse(readFileSync(join(reports, "live", "report.json"), "utf8")) as ContractReport;
    expect(firstReport.verdict).toBe("passed");
    expect(firstReport.totals.passed).toBeGreaterThan(100);
    // the secret of the password grant goes to the provider, never into the report.
    expect(readFileSync(join(reports, "live", "report.json"), "utf8")).not.toContain(live.TOPUP_PASSWORD);

    const dead = `http://127.0.0.1:${await deadPort()}`;
    const second = await testContract({
      ...live,
      UPMOBILE_BASE_URL: `${dead}/upmobile`,
      TOPUP_BASE_URL: `${dead}/topup`,
      CONTRACT_REPORT_DIR: join(reports, "dead"),
    });
    expect(second.code).not.toBe(0);
    const [verdict, , report] = lastLines(second.output, 5);
    expect(verdict).toMatch(/^Contract run against honesty-check: FAILED — 0 passed, \d+ failed/);
    expect(report).toBe(`Report: ${join(reports, "dead", "report.md")}`);
    const secondReport = JSON.parse(readFileSync(join(reports, "dead", "report.json"), "utf8")) as ContractReport;
    expect(secondReport.findings.every((g) => g.check === "transport")).toBe(true);
    expect(secondReport.findings[0]?.messages[0]).toContain("failed before an HTTP answer");
    // The failing run was this test's doing: its vitest report stays out of the repository's totals (CI's last line).
    expect(existsSync(join(import.meta.dirname, "..", "test-results", "vitest-contract-honesty-check.json"))).toBe(
      false,
    );
  });

  it("skips exactly what needs inputs it was not given, and says why and what it did not cover", async () => {
    const run = await testContract({
      UPMOBILE_BASE_URL: sandbox.upmobile.url,
      UPMOBILE_TOKEN: sandbox.upmobile.token,
      CONTRACT_PROVIDER: "upmobile-only",
      CONTRACT_REPORT_DIR: join(reports, "partial"),
    });
    expect(run.code, run.output.slice(-3000)).toBe(0);
    const report = JSON.parse(readFileSync(join(reports, "partial", "report.json"), "utf8")) as ContractReport;
    const reasons = new Set(report.skipped.map((s) => s.reason));
    expect(reasons).toEqual(
      new Set([
        "topup is not under test: TOPUP_BASE_URL is not set",
        "it needs Prism's `Prefer` header, which this provider does not honour (set CONTRACT_HONOURS_PREFER=true if it does)",
      ]),
    );
    expect(report.skipped.filter((s) => s.id.startsWith("upmobile")).every((s) => s.reason.includes("Prefer"))).toBe(
      true,
    );
    expect(report.notCovered).toContainEqual({
      api: "topup",
      operationId: "ObtainToken",
      status: "200",
      why: "topup is not under test: TOPUP_BASE_URL is not set",
    });
    expect(report.run.missing).toEqual({ topup: "TOPUP_BASE_URL is not set" });
    const markdown = readFileSync(join(reports, "partial", "report.md"), "utf8");
    expect(markdown).toContain("- topup: not tested (TOPUP_BASE_URL is not set)");
    expect(markdown).toContain("## Not covered by this run");
  });
});
