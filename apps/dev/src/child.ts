import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A long-running child process whose output is printed line by line under its name, and that can be restarted. */
export interface Child {
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Called when it exits on its own (not stopped or restarted), with why. */
  onExit?: (why: string) => void;
}

export function startChild(options: ChildOptions): Child {
  // the child whose exit is reported; cleared before a stop, so only an exit nobody asked for is.
  let current: ChildProcess | undefined;
  const start = () => {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      // a group of its own, so stopping it reaches what it started too (pnpm does not pass SIGTERM to vite).
      detached: true,
    });
    const print = (chunk: Buffer) => {
      for (const line of String(chunk).split("\n")) if (line.trim()) options.log(`[${options.name}] ${line}`);
    };
    child.stdout?.on("data", print);
    child.stderr?.on("data", print);
    child.on("exit", (code, signal) => {
      if (child === current) options.onExit?.(signal ?? `exit ${code}`);
    });
    current = child;
  };
  const stop = async () => {
    const child = current;
    current = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        // the group is already gone.
      }
    };
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  start();
  return {
    restart: async () => {
      await stop();
      start();
    },
    stop,
  };
}
