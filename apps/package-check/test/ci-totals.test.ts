import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// CI's closing line (`.ci/run` ends with `node scripts/vitest-report.mjs`), read by the workplace: totals of the JSON
// reports every package's vitest writes, never of vitest's console text.
const script = join(import.meta.dirname, "..", "..", "..", "scripts", "vitest-report.mjs");
const base = await mkdtemp(join(tmpdir(), "ci-totals-"));
afterAll(() => rm(base, { recursive: true, force: true }));

/** A report as vitest's JSON reporter writes it (the counts it holds, beside results the totals do not read). */
async function report(path: string, passed: number, failed: number, pending: number, todo: number) {
  await mkdir(join(base, path, ".."), { recursive: true });
  const counts = { numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: todo };
  await writeFile(join(base, path), JSON.stringify({ ...counts, success: failed === 0, testResults: [] }));
}

describe("node scripts/vitest-report.mjs", () => {
  it("prints one plain line totalling every package's vitest reports, and nothing else", async () => {
    await report("apps/mocks/test-results/vitest-test.json", 40, 1, 2, 0);
    await report("packages/runtime/test-results/vitest-test.json", 100, 0, 0, 3);
    await report("packages/runtime/test-results/vitest-test-node24.json", 100, 0, 1, 3);
    await report("apps/contract-tests/test-results/vitest-contract-mocks.json", 7, 2, 0, 0);
    // Not a vitest report: another file of the folder, and a report outside apps/* and packages/*.
    await writeFile(join(base, "apps/mocks/test-results/other.json"), "{}");
    await report("test-results/vitest-test.json", 1000, 1000, 1000, 0);
    const { stdout } = await promisify(execFile)(process.execPath, [script, base]);
    expect(stdout).toBe("247 passed, 3 failed, 3 skipped\n");
  });
});
