import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Note: every case compiles the two versions' types with the TypeScript compiler.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
