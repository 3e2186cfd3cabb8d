import { execFile } from "node:child_process";
import { type FSWatcher, readdirSync, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { type ApiEntry, findRepositoryRoot, readApis } from "@contracts/codegen";
import { type Services, startServices } from "./services.js";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const redoclyCli = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

export interface DevOptions {
  /** The registry to watch: this repository by default (tests point it at another). */
  root?: string;
  log?: (line: string) => void;
  /** Every service on a free port (tests). */
  anyPorts?: boolean;
  /** How long a burst of saves is waited out before the pipeline runs (editors write a file in several steps). */
  settleMs?: number;
}

/** The outcome of one save, as `pnpm dev` prints it. */
export interface Rebuild {
  api: string;
  ok: boolean;
  /** What went wrong (the lint's findings with their lines), or the steps done. */
  report: string;
  ms: number;
}

export interface Dev {
  services: Services;
  /** Resolves with the outcome of the next pipeline run (for tests). */
  nextRebuild(): Promise<Rebuild>;
  stop(): Promise<void>;
}

/** `pnpm dev`: everything `pnpm start` runs, and each spec save carried through to them (the README says how). */
export async function startDev(options: DevOptions = {}): Promise<Dev> {
  const root = resolve(options.root ?? findRepositoryRoot(import.meta.dirname));
  const log = options.log ?? ((line: string) => console.log(line));
  const apis = readApis(root);
  const services = await startServices({
    root,
    log,
    anyPorts: options.anyPorts,
    liveReload: true,
    onExit: (why) => log(`A service stopped (${why}); it comes back with the next save.`),
  });
  const { repository } = services;

  const waiting: Array<(rebuild: Rebuild) => void> = [];
  const pending = new Set<string>();
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const pipeline = async (api: ApiEntry): Promise<Rebuild> => {
    const started = performance.now();
    const done = (ok: boolean, report: string): Rebuild => ({
      api: api.alias,
      ok,
      report,
      ms: Math.round(performance.now() - started),
    });
    const lint = await lintSpec(root, api.alias);
    if (lint !== null) return done(false, `the spec does not lint; the last good build keeps serving.\n${lint}`);
    const failure = (error: unknown) => {
      const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
      return `${stdout}${stderr}` || message;
    };
    // the mocks and the docs read the spec itself, so they follow at once; the sandbox waits for the build,
    // whose turbo graph regenerates the API's package first (its `generate` task hashes the spec).
    const [served, built] = await Promise.allSettled([
      Promise.all([services.restartMocks(), services.rebuildDocs()]),
      repository
        ? run(
            "pnpm",
            [
              "exec",
              "turbo",
              "run",
              "build",
              `--filter=@contracts/${api.alias}`,
              "--filter=@contracts/sandbox",
              "--output-logs=errors-only",
            ],
            { cwd: root, maxBuffer: 16 * 1024 * 1024 },
          ).then(() => services.restartSandbox())
        : Promise.resolve(),
    ]);
    if (served.status === "rejected")
      return done(false, `linted; then the mocks or docs failed:\n${failure(served.reason)}`);
    const steps = "linted, mocks restarted, docs rebuilt";
    if (built.status === "rejected") {
      return done(
        false,
        `${steps}; then the build failed (the sandbox keeps its last good build):\n${failure(built.reason)}`,
      );
    }
    return done(true, repository ? `${steps}, regenerated and built, sandbox restarted` : steps);
  };

  const drain = async () => {
    while (pending.size > 0) {
      const [alias] = pending;
      pending.delete(alias as string);
      const api = apis.find((a) => a.alias === alias);
      if (!api) continue;
      const rebuild = await pipeline(api).catch(
        (error: Error): Rebuild => ({ api: api.alias, ok: false, report: error.message, ms: 0 }),
      );
      log(
        rebuild.ok
          ? `✓ ${rebuild.api}: ${rebuild.report} (${(rebuild.ms / 1000).toFixed(1)} s)`
          : `✗ ${rebuild.api}: ${rebuild.report}`,
      );
      for (const resolveWaiting of waiting.splice(0)) resolveWaiting(rebuild);
    }
    running = null;
  };

  const watchers: FSWatcher[] = apis.flatMap((api) =>
    watchFolders(dirname(api.specPath), () => {
      pending.add(api.alias);
      clearTimeout(timer);
      timer = setTimeout(() => {
        running ??= drain();
      }, options.settleMs ?? 200);
    }),
  );
  log(`Watching ${apis.map((a) => relative(root, dirname(a.specPath)) + sep).join(", ")} (Ctrl-C stops everything).`);

  return {
    services,
    nextRebuild: () => new Promise((resolveRebuild) => waiting.push(resolveRebuild)),
    stop: async () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
      await services.stop();
    },
  };
}

/** One finding of `redocly lint --format=json`: its rule, severity, sentence and where it is. */
interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: Array<{ source: { ref: string }; pointer?: string; start?: { line: number; col: number } }>;
}

/** The report `redocly lint --format=json` prints on stdout. */
export interface LintReport {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

/**
 * Lints one API of the registry with the Redocly CLI that `pnpm lint:specs` runs (same version, same rules), reading
 * its JSON report; null when the spec has no error, else its findings.
 */
async function lintSpec(root: string, alias: string): Promise<string | null> {
  // a failed run rejects with the same stdout and stderr, and a message.
  const outcome: { stdout: string; stderr: string; message?: string } = await run(
    process.execPath,
    [redoclyCli, "lint", alias, "--format=json"],
    { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error) => error);
  let report: LintReport;
  try {
    report = JSON.parse(outcome.stdout) as LintReport;
  } catch {
    return `redocly lint printed no JSON report:\n${outcome.stderr || outcome.message || outcome.stdout}`;
  }
  return report.totals.errors > 0 || outcome.message !== undefined ? findings(report) : null;
}

/** The findings of a lint report grouped by file, each with its line and column, as Redocly's stylish format shows them. */
export function findings(report: LintReport): string {
  const byFile = new Map<string, string[]>();
  for (const problem of report.problems) {
    const [where] = problem.location;
    const file = where?.source.ref ?? "(no file)";
    const at = where?.start ? `${where.start.line}:${where.start.col}` : (where?.pointer ?? "");
    const line = `  ${at.padEnd(8)} ${problem.severity.padEnd(7)} ${problem.ruleId.padEnd(24)} ${problem.message}`;
    byFile.set(file, [...(byFile.get(file) ?? []), line]);
  }
  return [...byFile].map(([file, lines]) => `${file}:\n${lines.join("\n")}`).join("\n");
}

/**
 * Watches a folder and every folder below it, each on its own: a watch on the folders, not the files, sees a
 * save that replaces the file (editors and `sed -i` write a new file and rename it over the old one), which a watch
 * on the file itself (what Node's recursive watch does on Linux) loses after the first save.
 */
function watchFolders(folder: string, onChange: () => void): FSWatcher[] {
  const folders = [
    folder,
    ...readdirSync(folder, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(entry.parentPath, entry.name)),
  ];
  return folders.map((dir) => watch(dir, onChange));
}
