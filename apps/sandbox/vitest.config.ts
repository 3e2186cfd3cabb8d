import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/**/*.test.ts"],
    // the flow tests run real servers and real clocks, and the process tests (hostile input, crashes, replicas)
    // start sandboxes and PostgreSQL clusters; a loaded 2-core machine needs far more than the default 5 s.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
