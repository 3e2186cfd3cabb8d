import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Note: the flow tests run real servers and real clocks; a loaded 2-core machine needs more than the default 5 s.
    testTimeout: 20_000,
  },
});
