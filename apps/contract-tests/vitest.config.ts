import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

// The suite's own tests: coverage by construction, the report, and that a drifted or dead provider fails a run.
export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
