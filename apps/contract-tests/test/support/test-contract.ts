import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepositoryRoot } from "@contracts/codegen";

const root = findRepositoryRoot(import.meta.dirname);

/** Runs `pnpm test:contract` from the repository root with the provider variables; its exit code and output. */
export function testContract(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  // Only what a user would set: the suite's variables of the run that started this test stay out.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CONTRACT|UPMOBILE|TOPUP)_/.test(name)),
  );
  return new Promise((resolve, reject) => {
    // The spawned run's vitest report goes to a folder of its own: its failures are the test's, not the repository's.
    const reports = mkdtempSync(join(tmpdir(), "nested-contract-run-"));
    const child = spawn("pnpm", ["test:contract"], {
      cwd: root,
      env: { ...inherited, VITEST_REPORT_DIR: reports, ...env },
    });
    child.on("close", () => rmSync(reports, { recursive: true, force: true }));
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
