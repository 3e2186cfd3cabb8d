import { type ChildProcess, fork } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { SEED_TOKENS } from "../src/seed.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const cli = join(appDir, "dist", "cli.js");

/** A sandbox in a process of its own (`node dist/cli.js`), so it can be killed, restarted and measured. */
export interface SandboxProcess {
  url: string;
  upmobile: { url: string; token: string };
  topup: { url: string; token: string };
  pid: number;
  /** Resident memory of the process now, in MiB (from /proc/<pid>/status). */
  rssMiB(): number;
  /** `kill -9`: no shutdown code runs. Resolves once the process is gone. */
  crash(): Promise<void>;
  /** A clean stop (SIGTERM). */
  stop(): Promise<void>;
  /** What the process printed on stderr so far. */
  stderr(): string;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `node dist/cli.js --port 0 …args` and resolves once it listens. The tests run the built sandbox (turbo
 * builds before it tests); a dist older than the sources would test old code, so that is refused.
 */
export async function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  assertBuilt();
  const child = fork(cli, ["--port", "0", ...args], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { listening: string }).listening));
    child.once("exit", (code, signal) =>
      reject(new Error(`The sandbox exited (${code ?? signal}) before it listened:\n${stderr}`)),
    );
  });
  const pid = child.pid as number;
  return {
    url,
    upmobile: { url: `${url}/upmobile`, token: SEED_TOKENS.upmobile },
    topup: { url: `${url}/topup`, token: SEED_TOKENS.topup },
    pid,
    rssMiB: () => residentMiB(pid),
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
    stderr: () => stderr,
  };
}

/** VmRSS of a process, in MiB. */
export function residentMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line.`);
  return Number(match[1]) / 1024;
}

function assertBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  let built = 0;
  try {
    built = statSync(cli).mtimeMs;
  } catch {
    // not built
  }
  if (built < newest(join(appDir, "src"))) {
    throw new Error("apps/sandbox/dist is missing or older than src/: run `pnpm build` in apps/sandbox first.");
  }
}
