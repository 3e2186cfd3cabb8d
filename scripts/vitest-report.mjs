#!/usr/bin/env node
// Every package's vitest writes its results as JSON beside its console output, and CI totals those files: no code
// reads vitest's coloured console text.
//   import { jsonReport } from "../../scripts/vitest-report.mjs"   in a vitest config: `test: { ...jsonReport() }`
//   node scripts/vitest-report.mjs                                  prints `N passed, N failed, N skipped`
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where a package's reports go, relative to it; turbo's `test` tasks declare these files as outputs. */
export const REPORT_DIR = "test-results";
const PREFIX = "vitest-";

/**
 * The reporters of a vitest config: the default console one, and vitest's JSON reporter writing
 * `test-results/vitest-<name>.json`. The name defaults to the package script being run (`test`, `test:node24`), so
 * two scripts of one package never overwrite each other's file.
 */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm sets it inside the task for the script it runs; turbo never sees it.
export function jsonReport(name = process.env.npm_lifecycle_event ?? "test") {
  return {
    reporters: ["default", "json"],
    outputFile: { json: join(reportDir(), `${PREFIX}${name.replace(/[^\w.-]/g, "-")}.json`) },
  };
}

/** A run a test starts on purpose (a contract run against a dead port) reports elsewhere, never into the totals. */
function reportDir() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set only by tests for the runs they spawn; turbo never sees it.
  return process.env.VITEST_REPORT_DIR ?? REPORT_DIR;
}

/** Every report file under apps/* and packages/*. */
export function reportFiles(base = root) {
  return ["apps", "packages"].flatMap((group) => {
    const groupDir = join(base, group);
    return readdirSync(groupDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => {
        const dir = join(groupDir, entry.name, REPORT_DIR);
        try {
          return readdirSync(dir)
            .filter((file) => file.startsWith(PREFIX) && file.endsWith(".json"))
            .map((file) => join(dir, file));
        } catch {
          return [];
        }
      });
  });
}

/** Vitest's counts summed over report files; a skipped test is vitest's pending one (todo tests are not counted). */
export function totals(files) {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    sum.passed += report.numPassedTests;
    sum.failed += report.numFailedTests;
    sum.skipped += report.numPendingTests;
  }
  return sum;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed, skipped } = totals(reportFiles(process.argv[2] ?? root));
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
}
