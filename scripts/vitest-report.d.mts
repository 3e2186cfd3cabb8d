/** The reporters of a vitest config: the console's, and a JSON report at `test-results/vitest-<name>.json`. */
export function jsonReport(name?: string): { reporters: ["default", "json"]; outputFile: { json: string } };
/** Where a package's reports go, relative to it. */
export const REPORT_DIR: string;
/** Every report file under apps/* and packages/* of `base` (the repository by default). */
export function reportFiles(base?: string): string[];
/** Vitest's passed, failed and skipped counts summed over report files. */
export function totals(files: readonly string[]): { passed: number; failed: number; skipped: number };
