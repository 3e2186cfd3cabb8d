/** Plain-text tables for the terminal. */
import type { ColdImportResult } from "./cold-import.js";
import {
  CASES,
  CONTENDER_LABELS,
  CONTENDERS,
  type ContenderId,
  INFO_CONTENDERS,
  type ScenarioResult,
  TARGETS,
} from "./validators-bench.js";

const RATIO_LABELS: Record<keyof typeof TARGETS, string> = {
  zod: "generated ÷ zod 4",
  runtimeAjv: "generated ÷ runtime Ajv",
};

export function formatOps(ops: number): string {
  return Math.round(ops).toLocaleString("en-US");
}

export const formatRatio = (ratio: number) =>
  `${ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;

/** ✓ or ✗ for a target met or missed; nothing where there is no target. */
export const mark = (met: boolean | null) => (met === null ? "" : met ? "✓" : "✗");

/** Microseconds with their sign, as an added cost. */
export const signedUs = (us: number) => `${us >= 0 ? "+" : ""}${us.toFixed(1)}`;

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Lays out rows of cells in columns, each line after `indent`: the first left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[], indent = ""): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const pad = " ".repeat((widths[i] ?? 0) - [...cell].length);
          return i === 0 ? cell + pad : pad + cell;
        })
        .join("   ")
        .trimEnd(),
  );
}

export function scenarioTable(result: ScenarioResult): string[] {
  const byCase = CASES.map((c) => result.cases.find((r) => r.case === c));
  const rows: string[][] = [["", ...CASES.flatMap((c) => [`${c} ops/s`, "±"])]];
  const opsRow = (id: ContenderId) => [
    CONTENDER_LABELS[id],
    ...byCase.flatMap((r) => (r ? [formatOps(r.ops[id].opsPerSec), `${r.ops[id].rme.toFixed(1)}%`] : ["-", ""])),
  ];
  for (const id of CONTENDERS) if (!INFO_CONTENDERS.includes(id)) rows.push(opsRow(id));
  for (const against of Object.keys(TARGETS) as (keyof typeof TARGETS)[]) {
    rows.push([
      `${RATIO_LABELS[against]} (target ≥ ${TARGETS[against]}×)`,
      ...byCase.flatMap((r) => {
        const x = r?.ratios[against];
        return x ? [formatRatio(x.ratio), mark(x.met)] : ["-", ""];
      }),
    ]);
  }
  for (const id of INFO_CONTENDERS) rows.push(opsRow(id));
  return [result.title, ...table(rows, "  ")];
}

export function coldImportTable(results: readonly ColdImportResult[]): string[] {
  const rows: string[][] = [["module", "runs", "median", "p90", "min", "max", "first import", "target", ""]];
  for (const r of results) {
    rows.push([
      r.specifier,
      String(r.runs),
      `${r.medianMs.toFixed(2)} ms`,
      `${r.p90Ms.toFixed(2)} ms`,
      `${r.minMs.toFixed(2)} ms`,
      `${r.maxMs.toFixed(2)} ms`,
      `${r.firstImportMedianMs.toFixed(2)} ms`,
      `median ≤ ${r.targetMs} ms`,
      mark(r.met),
    ]);
  }
  return [
    "Cold import (fresh node process per run, await import() only, once node's module loader and package resolver",
    "have started; first import: the median when it is the process's very first import, start-up included)",
    ...table(rows, "  "),
  ];
}
