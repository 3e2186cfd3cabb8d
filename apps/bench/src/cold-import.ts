/**
 * Cold import time of a validators module: a fresh `node` per run, timing `await import(…)` alone. The figure held
 * against the target is taken once node's ES module loader and package resolver have started (an empty module
 * imported, the unrelated `tinybench` resolved), since an application pays for those once whatever it imports; the
 * same import as a process's very first is reported beside it.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median } from "./report.js";

const EMPTY_MODULE = new URL("./empty-module.js", import.meta.url).href;
const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

const script = (warm: boolean) => `
const url = process.argv[1];
${warm ? `await import(${JSON.stringify(EMPTY_MODULE)});\nimport.meta.resolve("tinybench");` : ""}
const started = performance.now();
await import(url);
const elapsed = performance.now() - started;
process.stdout.write(String(elapsed));
`;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function importOnce(specifier: string, url: string, warm: boolean): number {
  // run from the bench package, so that `tinybench` resolves; the module itself is given as a file URL.
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script(warm), url], {
    cwd: BENCH_DIR,
    encoding: "utf8",
    timeout: 30_000,
  });
  const ms = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`Cold import of ${specifier} failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
  }
  return ms;
}

/**
 * `modules`: specifier and file URL of each module (resolved from the bench package, so the same file a consumer
 * would load). Runs alternate between the modules and between the two ways, so both see the same machine load.
 */
export function measureColdImports(
  modules: ReadonlyArray<{ specifier: string; url: string }>,
  runs: { warm: number; first: number },
  targetMs: number,
) {
  const warm = modules.map(() => [] as number[]);
  const first = modules.map(() => [] as number[]);
  for (let i = 0; i < Math.max(runs.warm, runs.first); i++) {
    for (const [m, { specifier, url }] of modules.entries()) {
      if (i < runs.warm) warm[m]?.push(importOnce(specifier, url, true));
      if (i < runs.first) first[m]?.push(importOnce(specifier, url, false));
    }
  }
  return modules.map(({ specifier, url }, m) => {
    const samples = warm[m] ?? [];
    const sorted = [...samples].sort((a, b) => a - b);
    const medianMs = median(samples);
    return {
      specifier,
      url,
      runs: runs.warm,
      medianMs,
      p90Ms: percentile(sorted, 90),
      minMs: sorted[0] ?? Number.NaN,
      maxMs: sorted[sorted.length - 1] ?? Number.NaN,
      samplesMs: samples,
      firstImportMedianMs: median(first[m] ?? []),
      firstImportSamplesMs: first[m] ?? [],
      targetMs,
      met: medianMs <= targetMs,
    };
  });
}

export type ColdImportResult = ReturnType<typeof measureColdImports>[number];
