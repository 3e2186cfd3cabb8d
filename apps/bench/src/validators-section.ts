/** Section "validators": throughput of the generated validators against the alternatives, and cold import time. */
import { cpus } from "node:os";
import { measureColdImports } from "./cold-import.js";
import { coldImportTable, scenarioTable } from "./report.js";
import { BenchAbort, type BenchSection } from "./sections.js";
import { buildScenarios, runScenarios, sanityCheck } from "./validators-bench.js";

const COLD_IMPORT_TARGET_MS = 10;
const VALIDATOR_MODULES = ["@contracts/upmobile/validators", "@contracts/topup/validators"] as const;

export const validatorsSection: BenchSection = {
  id: "validators",
  title: "Validators: generated vs runtime Ajv vs Zod 4",
  async run(context) {
    const { scenarios, runtimeAjvSetupMs } = await buildScenarios();

    const problems = sanityCheck(scenarios);
    if (problems.length) {
      throw new BenchAbort(
        `The contenders disagree, so a benchmark would compare validators that give different answers:\n${problems
          .map((p) => `  - ${p}`)
          .join("\n")}`,
      );
    }
    context.log("  sanity check: every contender accepts the valid inputs, rejects the invalid ones, same error lists");

    const options = context.quick
      ? { time: 100, warmupTime: 50, rounds: 1 }
      : { time: 150, warmupTime: 150, rounds: 4 };
    const scenarioResults = await runScenarios(scenarios, { ...options, log: context.log });

    // fresh processes per module: with loader and resolver started (held against the target), and as a first import.
    const coldImportRuns = context.quick ? { warm: 15, first: 5 } : { warm: 31, first: 11 };
    context.log(`  cold import: ${coldImportRuns.warm + coldImportRuns.first} fresh node processes per module …`);
    const coldImports = measureColdImports(
      VALIDATOR_MODULES.map((specifier) => ({ specifier, url: import.meta.resolve(specifier) })),
      coldImportRuns,
      COLD_IMPORT_TARGET_MS,
    );

    const cpu = cpus();
    const environment = {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: `${cpu.length} × ${cpu[0]?.model ?? "unknown"}`,
    };
    const lines = [
      `node ${environment.node}, ${environment.platform}, ${environment.cpu}`,
      `${options.rounds} round(s) × ${options.time} ms per task, best round kept${context.quick ? " (--quick)" : ""}; ` +
        `runtime Ajv setup (read both specs, compile every schema): ${runtimeAjvSetupMs.toFixed(0)} ms`,
      "Ratios are generated ops/s ÷ the other's ops/s; a missed target (✗) is reported, never fatal.",
      "Every contender reports every broken rule of an invalid input: the generated validators and runtime Ajv (codegen's",
      "compileValidators: its options and formats, the runtime's createValidators) give the same issues (path, field,",
      "keyword, params, sentence), Zod the same fields (checked before measuring).",
      "(info) row: the generated isX guard alone (compiled schema, no wrapper, no error messages, no Blob checks).",
      "",
    ];
    for (const result of scenarioResults) lines.push(...scenarioTable(result), "");
    lines.push(...coldImportTable(coldImports));

    const json = {
      generatedAt: new Date().toISOString(),
      environment,
      options: { ...options, quick: context.quick },
      runtimeAjvSetupMs,
      scenarios: scenarioResults,
      coldImport: coldImports,
    };
    return { lines, json };
  },
};
