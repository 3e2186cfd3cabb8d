import { execFile } from "node:child_process";
import { type FSWatcher, readdirSync, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { findRepositoryRoot, readApis } from "@contracts/codegen";
import { type Services, startServices } from "./services.js";

const run = promisify(execFile);
const redoclyCli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");

export interface DevOptions {
  /** The registry to watch: this repository by default (tests point it at another). */
  root?: string;
  log?: (line: string) => void;
  /** Every service on a free port (tests). */
  anyPorts?: boolean;
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
  const log = options.log ?? console.log;
  const apis = readApis(root);
  const services = await startServices({
    root,
    log,
    anyPorts: options.anyPorts,
    liveReload: true,
    onExit: (why) => log(`A service stopped (${why}); it comes back with the next save.`),
  });

  const waiting: Array<(rebuild: Rebuild) => void> = [];
  const pending = new Set<string>();
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const pipeline = async (alias: string): Promise<Pick<Rebuild, "ok" | "report">> => {
    const lint = await lintSpec(root, alias);
    if (lint !== null)
      return { ok: false, report: `the spec does not lint; the last good build keeps serving.\n${lint}` };
    // the mocks and the docs read the spec itself, so they follow at once; the sandbox waits for the build,
    // whose turbo graph regenerates the API's package first (its `generate` task hashes the spec).
    const buildThenRestart = async () => {
      const filters = [`--filter=@contracts/${alias}`, "--filter=@contracts/sandbox", "--output-logs=errors-only"];
      await run("pnpm", ["exec", "turbo", "run", "build", ...filters], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
      await services.restartSandbox();
    };
    const [served, built] = await Promise.allSettled([
      Promise.all([services.restartMocks(), services.rebuildDocs()]),
      services.repository ? buildThenRestart() : undefined,
    ]);
    if (served.status === "rejected") {
      return { ok: false, report: `linted; then the mocks or docs failed:\n${failure(served.reason)}` };
    }
    const steps = "linted, mocks restarted, docs rebuilt";
    if (built.status === "rejected") {
      const why = failure(built.reason);
      return { ok: false, report: `${steps}; then the build failed (the sandbox keeps its last good build):\n${why}` };
    }
    return { ok: true, report: services.repository ? `${steps}, regenerated and built, sandbox restarted` : steps };
  };

  const drain = async () => {
    while (pending.size > 0) {
      const [alias = ""] = pending;
      pending.delete(alias);
      const started = performance.now();
      const outcome = await pipeline(alias).catch((error: Error) => ({ ok: false, report: error.message }));
      const rebuild = { api: alias, ...outcome, ms: Math.round(performance.now() - started) };
      log(
        rebuild.ok
          ? `✓ ${alias}: ${rebuild.report} (${(rebuild.ms / 1000).toFixed(1)} s)`
          : `✗ ${alias}: ${rebuild.report}`,
      );
      for (const resolveWaiting of waiting.splice(0)) resolveWaiting(rebuild);
    }
    running = null;
  };

  const watchers: FSWatcher[] = apis.flatMap((api) =>
    watchFolders(dirname(api.specPath), () => {
      pending.add(api.alias);
      clearTimeout(timer);
      // editors write a file in several steps: the pipeline runs once a burst of saves is over.
      timer = setTimeout(() => {
        running ??= drain();
      }, 200);
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

/**
 * Lints one API with the Redocly CLI that `pnpm lint:specs` runs (same version, same rules): null when it finds no
 * error (it exits 0), else its findings in Redocly's stylish format, by file, each with its line and column.
 */
async function lintSpec(root: string, alias: string): Promise<string | null> {
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };
  const args = [redoclyCli, "lint", alias, "--format=stylish"];
  try {
    await run(process.execPath, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
    return null;
  } catch (error) {
    return (error as { stdout?: string }).stdout?.trim() || failure(error);
  }
}

/** What a failed command printed, or the error's message. */
function failure(error: unknown): string {
  const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
  return `${stdout}${stderr}` || message;
}

/**
 * Watches a folder and every folder below it, each on its own: a watch on the folders, not the files, sees a
 * save that replaces the file (editors and `sed -i` write a new file and rename it over the old one), which a watch
 * on the file itself (what Node's recursive watch does on Linux) loses after the first save.
 */
function watchFolders(folder: string, onChange: () => void): FSWatcher[] {
  const folders = readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isDirectory());
  return [folder, ...folders.map((entry) => join(entry.parentPath, entry.name))].map((dir) => watch(dir, onChange));
}
