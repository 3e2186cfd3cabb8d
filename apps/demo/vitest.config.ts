import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

export default defineConfig({
  plugins: [react()],
  test: {
    ...jsonReport(),
    // Unit and component tests (component files opt into happy-dom with a `@vitest-environment` comment), and the
    // end-to-end test in test/e2e, which builds the app and drives it in Chromium against the real sandbox.
    include: ["test/**/*.test.{ts,tsx}"],
    testTimeout: 15_000,
    hookTimeout: 60_000,
    // the machine has 2 cores; the browser, the sandbox and the compiler share them.
    maxWorkers: 2,
  },
});
