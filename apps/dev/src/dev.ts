import { execFile } from "node:child_process";
import { existsSync, type FSWatcher, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { type ApiEntry, findRepositoryRoot, generateApi, readApis, writeGenerated } from "@contracts/codegen";
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

/**
 * `pnpm dev`: everything `pnpm start` runs, and a watch on every spec of the registry. On save the changed API is
 * linted (a broken spec prints its findings with their lines and changes nothing: the last good build keeps
 * serving), regenerated, its package and the sandbox rebuilt (turbo, so what did not change is a cache hit), the
 * mocks and the sandbox restarted, and the docs rebuilt (open pages reload); the demo follows through Vite's HMR.
 */
export async function startDev(options: DevOptions = {}): Promise<Dev> {
  const root = resolve(options.root ?? findRepositoryRoot(import.meta.dirname));
  const repository = root === findRepositoryRoot(import.meta.dirname);
  const log = options.log ?? ((line: string) => console.log(line));
  const apis = readApis(root);
  const services = await startServices({ root, repository, log, anyPorts: options.anyPorts, liveReload: true });

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
    const lint = await run(process.execPath, [redoclyCli, "lint", api.alias, "--format=stylish"], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" },
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => null,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
    if (lint !== null)
      return done(false, `the spec does not lint; the last good build keeps serving.\n${findings(lint)}`);
    const steps: string[] = ["linted"];
    const packageDir = join(root, "packages", api.alias);
    try {
      if (existsSync(join(packageDir, "package.json"))) {
        const written = await writeGenerated(join(packageDir, "src", "generated"), await generateApi(api));
        steps.push(written.length ? `regenerated ${written.join(", ")}` : "generated code unchanged");
      }
      if (repository) {
        await run(
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
        );
        steps.push("built");
        await services.restartSandbox();
        steps.push("sandbox restarted");
      }
    } catch (error) {
      const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
      return done(false, `${steps.join(", ")}; then failed:\n${stdout}${stderr}` || message);
    }
    await services.restartMocks();
    steps.push("mocks restarted");
    await services.rebuildDocs();
    steps.push("docs rebuilt");
    return done(true, steps.join(", "));
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

  const watchers: FSWatcher[] = apis.map((api) => {
    const folder = dirname(api.specPath);
    return watch(folder, { recursive: true }, () => {
      pending.add(api.alias);
      clearTimeout(timer);
      timer = setTimeout(() => {
        running ??= drain();
      }, options.settleMs ?? 200);
    });
  });
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

/** Redocly's stylish report without its banners: the spec's file, then each finding with its line and column. */
function findings(output: string): string {
  return output
    .split("\n")
    .filter((line) => /^\S.*\.(ya?ml|json):?$|^\s+\d+:\d+\s/.test(line))
    .join("\n");
}
