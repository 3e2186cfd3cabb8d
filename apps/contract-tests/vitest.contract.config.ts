import { defineConfig } from "vitest/config";
import { jsonReport } from "../../scripts/vitest-report.mjs";

const report = jsonReport(`contract-${process.env.CONTRACT_PROVIDER ?? "env"}`);

// The contract run itself (`pnpm test:contract`): the suite against one provider, reported by the contract reporter
// as JSON, Markdown and JUnit XML (see README.md).
export default defineConfig({
  test: {
    include: ["test/contract/**/*.contract.test.ts"],
    globalSetup: ["./src/global-setup.ts"],
    reporters: [...report.reporters, "./src/reporter.ts"],
    outputFile: report.outputFile,
    // a case's name is its id; vitest shortens interpolated names to 40 characters otherwise.
    chaiConfig: { truncateThreshold: 0 },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
