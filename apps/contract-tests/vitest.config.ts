import { defineConfig } from "vitest/config";

// The suite's own tests: coverage by construction, the report, and that a drifted or dead provider fails a run.
export default defineConfig({
  test: {
    include: ["test/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
