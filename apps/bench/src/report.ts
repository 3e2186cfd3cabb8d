/** Plain-text tables for the terminal, and the JSON results file. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
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

/** Lays out rows of cells in columns: the first left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
  }
  return rows.map((row) =>
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
        return x ? [formatRatio(x.ratio), x.met ? "✓" : "✗"] : ["-", ""];
      }),
    ]);
  }
  for (const id of INFO_CONTENDERS) rows.push(opsRow(id));
  return [result.title, ...table(rows).map((line) => `  ${line}`)];
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
      r.met ? "✓" : "✗",
    ]);
  }
  return [
    "Cold import (fresh node process per run, await import() only, once node's module loader and package resolver",
    "have started; first import: the median when it is the process's very first import, start-up included)",
    ...table(rows).map((l) => `  ${l}`),
  ];
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
