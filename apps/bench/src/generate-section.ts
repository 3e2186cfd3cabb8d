/**
 * Section "generate": what a spec edit costs, `pnpm generate` after a one-line edit beside the generator alone and
 * beside a run with nothing changed. The spec is restored after each edit, and the generated files with it.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepositoryRoot, generateApi, readApis } from "@contracts/codegen";
import { formatRatio, mark, median, table } from "./report.js";
import { BenchAbort, type BenchSection } from "./sections.js";

const run = promisify(execFile);
const ROOT = findRepositoryRoot(import.meta.dirname);
const TURBO = join(ROOT, "node_modules", ".bin", "turbo");
const CODEGEN = join(ROOT, "packages", "codegen", "bin", "contracts-codegen.js");
const API = "upmobile";

/** Targets from the spec-evolution issue: an edit regenerates in at most 2 s and at most 3× the generator alone. */
export const EDIT_TARGET_MS = 2_000;
export const EDIT_TARGET_RATIO = 3;

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/**
 * `turbo run generate`, as `pnpm generate` runs it, with `--summarize`: turbo writes the run's summary as JSON into
 * `.turbo/runs/<run id>.json`, and its `execution` counts say how many tasks ran and how many were cache hits.
 */
async function turboGenerate(): Promise<{ cached: number; total: number }> {
  const runs = join(ROOT, ".turbo", "runs");
  const before = new Set(await readdir(runs).catch(() => []));
  await run(TURBO, ["run", "generate", "--output-logs=none", "--summarize"], {
    cwd: ROOT,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const written = (await readdir(runs)).filter((name) => name.endsWith(".json") && !before.has(name));
  if (written.length !== 1) {
    throw new BenchAbort(`turbo --summarize wrote ${written.length} run summaries into ${runs}; expected one.`);
  }
  const file = join(runs, written[0] as string);
  const summary = JSON.parse(await readFile(file, "utf8")) as unknown;
  await rm(file, { force: true });
  return cacheCounts(summary);
}

/** The task counts of a turbo run summary (`--summarize`): tasks attempted, and those that were cache hits. */
export function cacheCounts(summary: unknown): { cached: number; total: number } {
  const execution = (summary as { execution?: { cached?: unknown; attempted?: unknown } } | null)?.execution;
  const { cached, attempted } = execution ?? {};
  if (typeof cached !== "number" || typeof attempted !== "number") {
    throw new BenchAbort("The turbo run summary has no execution counts (execution.cached, execution.attempted).");
  }
  return { cached, total: attempted };
}

export const generateSection: BenchSection = {
  id: "generate",
  title: "Regenerating after a spec edit: the generator alone vs pnpm generate after an edit vs no change",
  async run({ log, quick }) {
    const rounds = quick ? 2 : 5;
    const entry = readApis(ROOT).find((a) => a.alias === API);
    if (!entry) throw new BenchAbort(`The registry names no ${API}.`);
    const out = await mkdtemp(join(tmpdir(), "bench-generate-"));
    const original = await readFile(entry.specPath, "utf8");
    const restore = () => writeFile(entry.specPath, original);
    const interrupted = () => void restore().then(() => process.exit(130));
    process.once("SIGINT", interrupted);
    try {
      log("  the generator alone, in this process and as a fresh process …");
      const inProcess: number[] = [];
      const fresh: number[] = [];
      for (let i = 0; i < rounds; i++) {
        inProcess.push(await timed(() => generateApi(entry)));
        fresh.push(await timed(() => run(process.execPath, [CODEGEN, API, "--out", out], { cwd: ROOT })));
      }
      log("  pnpm generate with nothing changed …");
      await turboGenerate();
      const unchanged: number[] = [];
      let hits = { cached: 0, total: 0 };
      for (let i = 0; i < rounds; i++) {
        unchanged.push(await timed(async () => (hits = await turboGenerate())));
      }
      log("  pnpm generate after a one-line edit of the spec …");
      const edited: number[] = [];
      let afterEdit = { cached: 0, total: 0 };
      for (let i = 0; i < rounds; i++) {
        // a new text each round, so each edit misses the cache as a real edit would.
        await writeFile(entry.specPath, original.replace(/^( {2}title: .*)$/m, `$1 (bench ${process.pid}.${i})`));
        edited.push(await timed(async () => (afterEdit = await turboGenerate())));
        await restore();
      }
      await turboGenerate();
      const raw = median(fresh);
      const edit = median(edited);
      const result = {
        api: API,
        rounds,
        generatorInProcessMs: median(inProcess),
        generatorProcessMs: raw,
        editMs: edit,
        editMisses: afterEdit.total - afterEdit.cached,
        editTasks: afterEdit.total,
        unchangedMs: median(unchanged),
        unchangedCached: hits.cached,
        unchangedTasks: hits.total,
        ratio: edit / raw,
        targets: { editMs: EDIT_TARGET_MS, ratio: EDIT_TARGET_RATIO },
        met: edit <= EDIT_TARGET_MS && edit / raw <= EDIT_TARGET_RATIO && hits.cached === hits.total,
      };
      const ms = (v: number) => `${Math.round(v).toLocaleString("en-US")} ms`;
      const lines = [
        `node ${process.version}, median of ${rounds} rounds; ${API} spec; the spec and its generated files are restored`,
        "",
        ...table([
          ["", "median", "turbo tasks", ""],
          [`generator alone (${API}, in this process)`, ms(result.generatorInProcessMs), "", ""],
          [`generator alone (contracts-codegen ${API}, a fresh process: the raw generation)`, ms(raw), "", ""],
          [
            "pnpm generate after a one-line edit",
            ms(edit),
            `${result.editMisses} of ${result.editTasks} run`,
            `${mark(edit <= EDIT_TARGET_MS)} ≤ ${ms(EDIT_TARGET_MS)}`,
          ],
          [
            "pnpm generate, nothing changed",
            ms(result.unchangedMs),
            `${hits.cached} of ${hits.total} cached`,
            mark(hits.cached === hits.total),
          ],
          [
            "edit ÷ raw generation",
            formatRatio(result.ratio),
            "",
            `${mark(result.ratio <= EDIT_TARGET_RATIO)} ≤ ${EDIT_TARGET_RATIO}×`,
          ],
        ]),
      ];
      return { lines, json: result };
    } finally {
      process.off("SIGINT", interrupted);
      await restore();
      await rm(out, { recursive: true, force: true });
    }
  },
};
