import type { Reporter, TestModule } from "vitest/node";
import type { CaseResult } from "./harness.js";
import { buildReport, type RunInfo, summaryLines, writeReport } from "./report.js";
import { openRegistry } from "./spec.js";
import { reportDirOf } from "./verify/index.js";

declare module "vitest" {
  interface TaskMeta {
    /** The case's result, from the test to this reporter. */
    contract?: CaseResult;
    /** What the run was pointed at (the same on every case). */
    contractRun?: Omit<RunInfo, "startedAt" | "finishedAt">;
  }
}

/**
 * Where reports go: CONTRACT_REPORT_DIR (a relative one from where `pnpm` was run, as for the verifier and the
 * proxy), or `reports/contract/<provider>` at the repository root.
 */
export function reportDir(provider: string, env: NodeJS.ProcessEnv = process.env): string {
  return reportDirOf(env, "contract", provider.replace(/[^A-Za-z0-9._-]+/g, "-") || "provider");
}

/** Collects every case's result, writes the report and prints the verdict and its paths as the run's last lines. */
export default class ContractReporter implements Reporter {
  private startedAt = new Date();

  onInit(): void {
    this.startedAt = new Date();
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const results: CaseResult[] = [];
    let run: Omit<RunInfo, "startedAt" | "finishedAt"> | undefined;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta();
        if (meta.contract) results.push(meta.contract);
        run ??= meta.contractRun;
      }
    }
    if (!run) return;
    const report = buildReport(
      { ...run, startedAt: this.startedAt.toISOString(), finishedAt: new Date().toISOString() },
      results,
      (await openRegistry()).documentedResponses(),
    );
    const paths = writeReport(report, reportDir(run.provider));
    console.log(`\n${summaryLines(report, paths).join("\n")}`);
  }
}
