import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import { dirname, join } from "node:path";

/** The Prism CLI of this workspace (5.14.x, the last line that runs on Node 20); never a global install. */
const prismPackage = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
const prismBin = join(dirname(prismPackage), "dist", "index.js");
/** Prism's V8 old-space limit in MiB: its multipart parser is memory-hungry (see the README's measurements). */
export const PRISM_MAX_OLD_SPACE_MB = 256;
/** How much of Prism's latest output is kept: enough for a stack trace, bounded however long it runs. */
const OUTPUT_TAIL_CHARS = 16 * 1024;
/** The first pause before a restart; it doubles while Prism keeps failing, up to {@link RESTART_MAX_MS}. */
const RESTART_BASE_MS = 250;
const RESTART_MAX_MS = 10_000;
/** A Prism that ran this long before it exited counts as healthy again: the next restart is quick. */
const STABLE_MS = 60_000;

export interface SupervisedPrism {
  /** Prism's URL while it runs; undefined while it is down and being restarted. */
  url(): string | undefined;
  /** Stops Prism for good (no restart). */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** Names the mock in messages: `topup`. */
  name: string;
  specFile: string;
  dynamic?: boolean;
  /** Where the supervisor reports an exit and a restart (one message per call). */
  log: (message: string) => void;
}

/**
 * Runs `prism mock` on a bundled spec file and restarts it on a fresh port whenever it exits on its own (Prism 5.14
 * does not restart itself), backing off while restarts fail; the first start must succeed.
 */
export async function supervisePrism(options: SuperviseOptions): Promise<SupervisedPrism> {
  const { name, log } = options;
  let current: PrismProcess | undefined;
  let stopping = false;
  let failures = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  const start = async () => {
    const prism = await startPrism(options.specFile, options.dynamic);
    const startedAt = Date.now();
    prism.child.once("exit", (code, signal) => {
      if (stopping) return;
      current = undefined;
      if (Date.now() - startedAt >= STABLE_MS) failures = 0;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      const tail = prism.output().trimEnd();
      const output = tail === "" ? "  (nothing)" : tail.replace(/^/gm, "  ");
      log(
        `${name} mock: Prism exited (${how}); the mock answers 503 until it is back, restarting in ${schedule()} ms. ` +
          `Its last output:\n${output}`,
      );
    });
    return prism;
  };

  /** Schedules a restart after a pause that doubles with each failure in a row; returns the pause. */
  const schedule = () => {
    const delay = Math.min(RESTART_BASE_MS * 2 ** failures, RESTART_MAX_MS);
    failures += 1;
    timer = setTimeout(() => {
      restarting = restart();
    }, delay);
    return delay;
  };

  const restart = async () => {
    try {
      const prism = await start();
      if (stopping) return prism.stop();
      current = prism;
      log(`${name} mock: Prism restarted on ${prism.url} (restart ${++restarts}); the mock answers again.`);
    } catch (error) {
      if (stopping) return;
      log(`${name} mock: Prism failed to restart, trying again in ${schedule()} ms: ${(error as Error).message}`);
    }
  };

  current = await start();
  return {
    url: () => current?.url,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await restarting;
      await current?.stop();
    },
  };
}

interface PrismProcess {
  url: string;
  child: ChildProcess;
  /** The end of what Prism printed (stdout and stderr interleaved), for messages when it fails or exits. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `prism mock` on a free port of 127.0.0.1 and resolves once it answers HTTP. */
async function startPrism(specFile: string, dynamic = false): Promise<PrismProcess> {
  // Prism takes a port number, not 0: ask the OS for one that is free right now.
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  const args = [`--max-old-space-size=${PRISM_MAX_OLD_SPACE_MB}`, prismBin, "mock", specFile, "--host", "127.0.0.1"];
  args.push("--port", String(port), "--verboseLevel", "warn", ...(dynamic ? ["--dynamic"] : []));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (exited()) return;
    // SIGKILL when it has not exited 5 s after SIGTERM.
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.kill("SIGTERM");
    await once(child, "exit");
    clearTimeout(kill);
  };

  // Polls until Prism answers any HTTP request (no fixed sleep); fails when it exits or 30 s pass.
  const deadline = Date.now() + 30_000;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (exited()) throw new Error(`Prism exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return { url, child, output: () => output, stop };
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`Prism did not answer on ${url} within 30 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
