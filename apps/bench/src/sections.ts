/** `pnpm bench` runs a list of sections: add a benchmark by writing a {@link BenchSection}, listed in `main.ts`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface BenchSection {
  /** Short name: picks the section on the command line and names its results file. */
  id: string;
  title: string;
  /**
   * `log` writes progress to stderr, so stdout holds only the tables; `quick` (set by `--quick`) asks for shorter
   * measuring, rougher figures. Returns the lines to print and what `results/<id>.json` holds.
   */
  run(context: { log(line: string): void; quick: boolean }): Promise<{ lines: string[]; json: unknown }>;
}

/** Thrown when a section cannot produce meaningful figures (e.g. contenders disagree); stops the whole run. */
export class BenchAbort extends Error {
  override name = "BenchAbort";
}

const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** Runs the sections in order, printing each one's tables and writing its JSON. */
export async function runSections(
  sections: readonly BenchSection[],
  options: { only: readonly string[]; quick: boolean },
): Promise<void> {
  const unknown = options.only.filter((id) => !sections.some((s) => s.id === id));
  if (unknown.length) {
    throw new BenchAbort(`Unknown section(s): ${unknown.join(", ")}. Known: ${sections.map((s) => s.id).join(", ")}.`);
  }
  const selected = options.only.length ? sections.filter((s) => options.only.includes(s.id)) : sections;
  const context = { log: (line: string) => process.stderr.write(`${line}\n`), quick: options.quick };
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const section of selected) {
    context.log(`▶ ${section.title}`);
    const started = performance.now();
    const result = await section.run(context);
    const file = `${RESULTS_DIR}${section.id}.json`;
    writeFileSync(file, `${JSON.stringify(result.json, null, 2)}\n`);
    console.log(`\n== ${section.title} ==\n`);
    for (const line of result.lines) console.log(line);
    context.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s, results in ${file})`);
  }
}
