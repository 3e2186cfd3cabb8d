/**
 * `pnpm bench`: the generated code measured side by side with the alternatives. Each entry of {@link sections} is
 * one benchmark: the validators, the client's overhead per call, the client's browser bundle size, regeneration
 * after a spec edit, and `contract:verify` on a million recorded entries.
 *
 * Usage: node --expose-gc dist/main.js [--quick] [section-id …]
 */
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
  if (error instanceof BenchAbort) {
    process.stderr.write(`\nbench aborted: ${error.message}\n`);
  } else {
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
});
