// `node dist/cli.js build | serve`: what `pnpm docs` and `pnpm docs:serve` run. `build` also writes samples/, so the
// typecheck (`tsc`) checks what the docs show against the real packages.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildDocs } from "./build.js";
import { siteDir } from "./paths.js";
import { writeSamples } from "./samples.js";
import { DEFAULT_PORT, startDocsServer } from "./server.js";

/** Serves site/ on DOCS_PORT (default 4030) until Ctrl-C. */
async function serve(): Promise<void> {
  const port = process.env.DOCS_PORT ? Number(process.env.DOCS_PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DOCS_PORT must be a port number (0–65535), got ${JSON.stringify(process.env.DOCS_PORT)}.`);
  }
  if (!existsSync(join(siteDir, "index.html"))) throw new Error("No docs built yet: run `pnpm docs` first.");
  const docs = await startDocsServer({ port });
  console.log(`API docs at ${docs.url} (Ctrl-C to stop)`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the docs server.");
    // linger briefly before exiting: a duplicate SIGINT forwarded by pnpm that lands while Node tears down
    // (signal handlers back at their defaults) would otherwise kill the process instead of letting it exit 0.
    void docs.close().then(() => setTimeout(() => process.exit(0), 150));
  };
  // `on`, not `once`: under `pnpm run` a Ctrl-C arrives twice (the terminal signals the whole process group and
  // pnpm forwards it), and a second SIGINT with no listener would kill the process (pnpm/pnpm#7374).
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const commands: Record<string, () => Promise<unknown>> = {
  // The reported time counts from the start of this process, module loading included.
  build: async () => writeSamples((await buildDocs({ started: 0 })).samples),
  serve,
};

const command = commands[process.argv[2] ?? ""];
if (!command) {
  console.error(`Usage: node dist/cli.js ${Object.keys(commands).join(" | ")}`);
  process.exitCode = 2;
} else {
  try {
    await command();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
