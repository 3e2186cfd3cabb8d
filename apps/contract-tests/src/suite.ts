import { describe, inject, test } from "vitest";
import { formatFinding } from "./findings.js";
import { type ContractCase, runCase } from "./harness.js";
import { exploreMode, safeMode } from "./provider.js";

/** The cases as vitest tests against the injected provider, each result passed to the reporter in the test's meta. */
export function defineContractSuite(title: string, cases: readonly ContractCase[]): void {
  const provider = inject("provider");
  const explore = exploreMode();
  const safe = safeMode();
  const run = {
    provider: provider.name,
    apis: Object.fromEntries(Object.entries(provider.apis).map(([api, target]) => [api, target.url])),
    missing: provider.missing,
    explore,
    safe,
  };
  describe(`${title} against ${provider.name}`, () => {
    test.for(cases)("$id", async (c, { task, skip }) => {
      const result = await runCase(c, provider, explore, safe);
      task.meta.contract = result;
      task.meta.contractRun = run;
      if (result.outcome === "skipped") return skip(result.skipReason);
      const errors = result.findings.filter((f) => f.severity === "error");
      if (errors.length > 0) throw new Error(errors.map(formatFinding).join("\n\n"));
    });
  });
}
