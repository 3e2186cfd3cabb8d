import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Redoc renders client-side; give the browser assertions room on a busy machine.
    expect: { poll: { timeout: 15_000 } },
    // the machine has 2 cores; the browser test and the compiler share them.
    maxWorkers: 2,
  },
});
