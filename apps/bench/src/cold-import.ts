/**
 * Cold import time of a validators module: a fresh `node` per run, timing `await import(…)` of the built module
 * and nothing else (no bench code, no other package loaded first).
 */
import { spawnSync } from "node:child_process";

export interface ColdImportResult {
  specifier: string;
  url: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  targetMs: number;
  met: boolean;
}

const SCRIPT = `
const url = process.argv[1];
const started = performance.now();
await import(url);
const elapsed = performance.now() - started;
process.stdout.write(String(elapsed));
`;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** `url`: the module's file URL (resolved from the bench package, so the same file a consumer would load). */
export function measureColdImport(specifier: string, url: string, runs: number, targetMs: number): ColdImportResult {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT, url], {
      encoding: "utf8",
      timeout: 30_000,
    });
    const ms = Number(child.stdout);
    if (child.status !== 0 || !Number.isFinite(ms)) {
      throw new Error(`Cold import of ${specifier} failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
    }
    samples.push(ms);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const medianMs =
    sorted.length % 2
      ? percentile(sorted, 50)
      : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  const p90Ms = percentile(sorted, 90);
  return {
    specifier,
    url,
    runs,
    medianMs,
    p90Ms,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    samplesMs: samples,
    targetMs,
    met: medianMs <= targetMs,
  };
}
