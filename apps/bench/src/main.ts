// `pnpm bench`: the generated code beside the alternatives. node --expose-gc dist/main.js [--quick] [section …]
import { bundleSection } from "./bundle-section.js";
import { clientSection } from "./client-section.js";
import { generateSection } from "./generate-section.js";
import { BenchAbort, type BenchSection, runSections } from "./sections.js";
import { validatorsSection } from "./validators-section.js";
import { verifySection } from "./verify-section.js";

const sections: readonly BenchSection[] = [
  validatorsSection,
  clientSection,
  bundleSection,
  generateSection,
  verifySection,
];

/** Runs the sections named on the command line (all of them by default). */
async function main(argv: readonly string[]): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
    process.stderr.write("note: run with node --expose-gc to collect garbage between tasks\n");
  }
  await runSections(sections, { quick: argv.includes("--quick"), only: argv.filter((a) => !a.startsWith("--")) });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    error instanceof BenchAbort ? `\nbench aborted: ${error.message}\n` : `\nbench failed: ${why}\n`,
  );
  process.exitCode = 1;
});
