import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Finding } from "../findings.js";
import { REPOSITORY_ROOT } from "../spec.js";
import { readHarEntries } from "./har-reader.js";
import { writeVerifyReport } from "./report.js";
import {
  createTrafficVerifier,
  type EntryLocation,
  type TrafficVerifierOptions,
  VerifyUsageError,
} from "./verifier.js";

export { type HarItem, HarScanner, readHarEntries } from "./har-reader.js";
export { renderVerifyJUnit, renderVerifyMarkdown } from "./report.js";
export { createTrafficVerifier, type EntryLocation, type VerifyReport, VerifyUsageError } from "./verifier.js";

export interface VerifyHarOptions extends TrafficVerifierOptions {
  /** Where relative paths are read from: by default `INIT_CWD` (where `pnpm` was run), else the working directory. */
  cwd?: string;
  /** Where the report goes: by default CONTRACT_REPORT_DIR, else `reports/verify/` at the repository root; false: nowhere. */
  reportDir?: string | false;
  /** Called with each finding new to the run, when first seen. */
  onFinding?: (finding: Finding, where: EntryLocation) => void;
}

/** The directory relative paths are read from: `INIT_CWD` (pnpm sets it to where it was run), else the process's. */
export const invocationDir = (env: NodeJS.ProcessEnv = process.env) => env.INIT_CWD || process.cwd();

/** Where a report goes by default: CONTRACT_REPORT_DIR, else `reports/<folder…>/` at the repository root. */
export function reportDirOf(env: NodeJS.ProcessEnv, ...folder: string[]): string {
  const dir = env.CONTRACT_REPORT_DIR;
  return dir ? resolve(invocationDir(env), dir) : join(REPOSITORY_ROOT, "reports", ...folder);
}

/** The HAR files a list of paths names, as named: each file itself, each folder's `*.har` files in name order. */
async function harFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  if (paths.length === 0) throw new VerifyUsageError("Name at least one HAR file or folder.");
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(resolve(cwd, given)).catch(() => null);
    if (!info) throw new VerifyUsageError(`${given} does not exist.`);
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    const names = (await readdir(resolve(cwd, given), { withFileTypes: true }))
      .filter((d) => d.isFile() && d.name.toLowerCase().endsWith(".har"))
      .map((d) => join(given, d.name))
      .sort();
    if (names.length === 0) throw new VerifyUsageError(`${given} is a folder without .har files.`);
    files.push(...names);
  }
  return files;
}

/** Verifies HAR files (or folders of them) against the specs, streaming each, and writes the report. */
export async function verifyHar(paths: readonly string[], options: VerifyHarOptions = {}) {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? invocationDir(env);
  const files = await harFiles(paths, cwd);
  const verifier = await createTrafficVerifier(options);
  const startedAt = new Date().toISOString();
  for (const file of files) {
    for await (const item of readHarEntries(resolve(cwd, file), verifier.limits)) {
      const where = { file, index: item.index };
      if (item.kind === "error") verifier.unreadable(where, item.reason);
      else for (const finding of await verifier.verifyEntry(item.value, where)) options.onFinding?.(finding, where);
    }
  }
  const report = verifier.report({ sources: files, startedAt, finishedAt: new Date().toISOString() });
  const dir = options.reportDir ?? reportDirOf(env, "verify");
  return { report, paths: dir === false ? null : writeVerifyReport(report, dir) };
}
