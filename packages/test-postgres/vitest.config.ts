import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/**/*.test.ts"],
    // each case starts PostgreSQL clusters (initdb, pg_ctl); on a loaded 2-core machine that takes seconds.
    testTimeout: 60_000,
  },
});
