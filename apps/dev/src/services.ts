import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { apiEnvName, findRepositoryRoot } from "@contracts/codegen";
import { buildDocs, DEFAULT_PORT, type DocsServer, siteDir, startDocsServer } from "@contracts/docs";
import { type Mocks, startMocks } from "@contracts/mocks";
import { type Child, startChild } from "./child.js";

/** The sandbox's port: fixed, as the README and the demo's defaults name it. */
export const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4020);

export interface ServicesOptions {
  /** The registry root; only this repository's runs the sandbox and the demo, which serve its two APIs. */
  root: string;
  log: (line: string) => void;
  /** Ports for a test: every service on a free one. */
  anyPorts?: boolean;
  /** Pages reload when the docs are rebuilt (`pnpm dev`). */
  liveReload?: boolean;
  /** Called when a child process ends on its own. */
  onExit?: (why: string) => void;
}

/** Everything `pnpm start` and `pnpm dev` run, each restartable on its own. */
export interface Services {
  /** Whether the root is this repository (with packages, the sandbox and the demo), not another registry. */
  repository: boolean;
  docs: DocsServer;
  mocks(): Mocks;
  restartMocks(): Promise<void>;
  /** Rebuilds the docs beside the served site and swaps it in, so the last good site is served meanwhile. */
  rebuildDocs(): Promise<void>;
  restartSandbox(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the docs server and the mocks (in this process), the sandbox and the demo (child processes). */
export async function startServices(options: ServicesOptions): Promise<Services> {
  const { root, log } = options;
  const repository = resolve(root) === findRepositoryRoot(import.meta.dirname);
  // another registry's docs go to a folder of their own; this repository's are the ones `pnpm docs` builds.
  const site = repository ? siteDir : join(root, ".dev-site");
  if (!repository || !existsSync(join(site, "index.html"))) await buildDocs({ root, outDir: site, log: () => {} });
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.splice(0).reverse()) await s().catch(() => {});
  };
  try {
    const docs = await startDocsServer({
      port: options.anyPorts ? 0 : Number(process.env.DOCS_PORT ?? DEFAULT_PORT),
      root: site,
      liveReload: options.liveReload ?? false,
    });
    stoppers.push(() => docs.close());
    const start = () => startMocks({ root, anyPorts: options.anyPorts, log: (line) => log(`[mocks] ${line}`) });
    let mocks = await start();
    stoppers.push(() => mocks.stop());
    let sandbox: Child | undefined;
    if (repository) {
      const child = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
        const started = startChild({ name, command, args, cwd: root, env, log, onExit: options.onExit });
        stoppers.push(() => started.stop());
        return started;
      };
      sandbox = child("sandbox", process.execPath, ["apps/sandbox/dist/cli.js"], {
        SANDBOX_PORT: String(SANDBOX_PORT),
      });
      // the dev server reads VITE_* at start, so the demo opens already pointed at the sandbox's seeded tokens.
      child("demo", "pnpm", ["--filter", "@contracts/demo", "dev"], demoEnv());
    }
    return {
      repository,
      docs,
      mocks: () => mocks,
      restartMocks: async () => {
        await mocks.stop();
        mocks = await start();
      },
      rebuildDocs: async () => {
        const next = `${site}.next`;
        await buildDocs({ root, outDir: next, log: () => {} });
        await rm(`${site}.old`, { recursive: true, force: true });
        await rename(site, `${site}.old`).catch(() => {});
        await rename(next, site);
        await rm(`${site}.old`, { recursive: true, force: true });
        docs.reload();
      },
      restartSandbox: async () => sandbox?.restart(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Where the demo sends its requests: the sandbox, with its seeded tokens. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const alias of ["upmobile", "topup"]) {
    env[`VITE_${apiEnvName(alias, "BASE_URL")}`] = `http://127.0.0.1:${SANDBOX_PORT}/${alias}`;
    env[`VITE_${apiEnvName(alias, "TOKEN")}`] = `sandbox-${alias}-token`;
  }
  return env;
}
