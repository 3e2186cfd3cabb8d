import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  test: {
    ...jsonReport(),
    include: ["test/**/*.test.ts"],
    // every case compiles the two versions' types with the TypeScript compiler.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
