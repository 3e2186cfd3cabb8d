import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/**/*.test.ts"],
    // the consumer project installs TypeScript twice and Vite from the npm registry, then compiles and
    // bundles; on a loaded 2-core machine each step takes seconds.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
