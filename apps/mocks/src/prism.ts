import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The Prism CLI of this workspace (5.14.x, the last line that runs on Node 20); never a global install. */
export const prismBin = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");

export interface PrismProcess {
  url: string;
  child: ChildProcess;
  /** What Prism printed, for error messages when it fails to start. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `prism mock` on 127.0.0.1:port for a bundled spec file and resolves once it answers HTTP. */
export async function startPrism(
  specFile: string,
  port: number,
  options: { dynamic?: boolean } = {},
): Promise<PrismProcess> {
  const args = [prismBin, "mock", specFile, "--host", "127.0.0.1", "--port", String(port), "--verboseLevel", "warn"];
  if (options.dynamic) args.push("--dynamic");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (chunk) => {
    log += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  await waitUntilAnswering(url, child, () => log);
  return { url, child, output: () => log, stop };
}

/** Polls until the server answers any HTTP request (no fixed sleep), or fails when the process exits or 30 s pass. */
async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode}:\n${log()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
        throw new Error(`Prism did not answer on ${url} within 30 s:\n${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
