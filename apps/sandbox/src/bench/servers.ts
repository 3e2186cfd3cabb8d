import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A server the bench drives, in a process of its own so the load generator does not share its event loop. */
export interface BenchServer {
  /** Upmobile's base URL and a token it accepts. */
  upmobile: { url: string; token: string };
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL("../cli.js", import.meta.url));

/** `node dist/cli.js --port 0 …args`, resolved once it listens. */
export function startSandboxProcess(args: string[]): Promise<BenchServer> {
  const child = fork(cli, ["--port", "0", "--step-ms", "50", ...args], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "development" },
  });
  return listening(child, (message) => {
    const url = (message as { listening: string }).listening;
    return { url: `${url}/upmobile`, token: "sandbox-upmobile-token" };
  });
}

/**
 * The Prism mocks (`@contracts/mocks`) in a child process running this module's `BENCH_ROLE=prism` entry (see
 * load.ts), so their front and the load generator do not share a process either.
 */
export function startPrismProcess(entry: string): Promise<BenchServer> {
  const child = fork(entry, [], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, BENCH_ROLE: "prism" },
  });
  return listening(child, (message) => (message as { upmobile: { url: string; token: string } }).upmobile);
}

/** The `BENCH_ROLE=prism` side: starts the mocks and reports Upmobile's URL to the parent. */
export async function servePrism(): Promise<void> {
  const { startMocks } = await import("@contracts/mocks");
  const { mocks, stop } = await startMocks({ ports: { upmobile: 0, topup: 0 } });
  const upmobile = mocks.find((m) => m.alias === "upmobile");
  process.send?.({ upmobile: { url: upmobile?.url, token: upmobile?.token } });
  // stopping the mocks stops Prism, their own child; exiting without it would leave Prism running.
  const shutdown = () => void stop().then(() => process.exit(0));
  process.once("disconnect", shutdown);
  process.once("SIGTERM", shutdown);
}

function listening(child: ChildProcess, read: (message: unknown) => BenchServer["upmobile"]): Promise<BenchServer> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("message", (message) =>
      resolve({
        upmobile: read(message),
        async stop() {
          child.kill("SIGTERM");
          await exited;
        },
      }),
    );
    child.once("exit", (code) => reject(new Error(`A bench server exited (${code}) before it listened.`)));
  });
}
