import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The Prism CLI of this workspace (5.14.x, the last line that runs on Node 20); never a global install. */
export const prismBin = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");

/** How much of Prism's latest output is kept: enough for a stack trace, bounded however long it runs. */
const OUTPUT_TAIL_CHARS = 16 * 1024;
/** Prism's V8 old-space limit in MiB: its multipart parser is memory-hungry (see the README's measurements). */
export const PRISM_MAX_OLD_SPACE_MB = 256;
/** How long Prism gets to exit on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

export interface PrismProcess {
  url: string;
  child: ChildProcess;
  /** The end of what Prism printed (stdout and stderr interleaved), for messages when it fails or exits. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `prism mock` on 127.0.0.1:port for a bundled spec file and resolves once it answers HTTP. */
export async function startPrism(
  specFile: string,
  port: number,
  options: { dynamic?: boolean } = {},
): Promise<PrismProcess> {
  const args = [
    `--max-old-space-size=${PRISM_MAX_OLD_SPACE_MB}`,
    prismBin,
    "mock",
    specFile,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--verboseLevel",
    "warn",
  ];
  if (options.dynamic) args.push("--dynamic");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  await waitUntilAnswering(url, child, () => log);
  return { url, child, output: () => log, stop };
}

/** Polls until the server answers any HTTP request (no fixed sleep), or fails when the process exits or 30 s pass. */
async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prism exited with ${child.exitCode ?? child.signalCode}:\n${log()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`Prism did not answer on ${url} within 30 s:\n${log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
