import { parseArgs } from "node:util";
import { findRepositoryRoot } from "@contracts/codegen";
import { startDev } from "./dev.js";
import { SANDBOX_PORT, type Services, startServices } from "./services.js";

// `pnpm start` (`node dist/cli.js start`) runs every service until Ctrl-C; `pnpm dev` (`node dist/cli.js dev`) does
// the same and carries every spec save through to them. Both expect `turbo run build` to have run (the root scripts
// do it first).
const usage = "Usage: node dist/cli.js start | dev [--root DIR]";

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { root: { type: "string" } } });
  let running: { services: Services; stop(): Promise<void> };
  if (positionals[0] === "dev") running = await startDev({ root: values.root });
  else if (positionals[0] === "start") {
    const services = await startServices({
      root: values.root ?? findRepositoryRoot(import.meta.dirname),
      log: console.log,
      onExit: (why) => {
        console.error(`A service stopped (${why}); stopping everything.`);
        void shutdown(1);
      },
    });
    running = { services, stop: services.stop };
  } else throw new Error(usage);
  banner(running.services);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping everything…");
    await running.stop();
    process.exit(code);
  };
  // `on`, not `once`: under `pnpm run` a Ctrl-C arrives twice (the terminal's and pnpm's forwarded one).
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
}

function banner(services: Services): void {
  const mocks = services
    .mocks()
    .mocks.map((m) => `${m.url} (${m.alias}, token ${m.token})`)
    .join("  ");
  console.log(`
Running (Ctrl-C stops everything):
  demo      http://127.0.0.1:4040
  docs      ${services.docs.url}
  sandbox   http://127.0.0.1:${SANDBOX_PORT}/upmobile  and  /topup   (its tokens are printed below)
  mocks     ${mocks}
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
