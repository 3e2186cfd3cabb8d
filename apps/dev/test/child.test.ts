import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startChild } from "../src/child.js";

// The children `pnpm start` runs (the sandbox, the demo's Vite under pnpm) start processes of their own; stopping a
// child must stop those too, which is why each child gets a process group.

/** Alive, and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A shell that starts a grandchild and prints its pid (as pnpm starts vite). */
const withGrandchild = (log: string[], onExit?: (why: string) => void) =>
  startChild({
    name: "shell",
    command: "sh",
    args: ["-c", "sleep 300 & echo grandchild $!; wait"],
    cwd: process.cwd(),
    log: (line) => log.push(line),
    onExit,
  });

const grandchildren = (log: string[]) =>
  log.flatMap((line) => /^\[shell\] grandchild (\d+)$/.exec(line)?.[1] ?? []).map(Number);

describe("startChild", () => {
  it("prints the child's lines under its name, and stop() ends what the child started too", async () => {
    const log: string[] = [];
    const child = withGrandchild(log);
    const [pid] = await until(() => (grandchildren(log).length ? grandchildren(log) : undefined));
    expect(alive(pid as number)).toBe(true);
    await child.stop();
    await until(() => (alive(pid as number) ? undefined : true));
  });

  it("restart() replaces the child and its grandchild, without reporting an exit", async () => {
    const log: string[] = [];
    const exits: string[] = [];
    const child = withGrandchild(log, (why) => exits.push(why));
    const [first] = await until(() => (grandchildren(log).length ? grandchildren(log) : undefined));
    await child.restart();
    const [, second] = await until(() => (grandchildren(log).length > 1 ? grandchildren(log) : undefined));
    await until(() => (alive(first as number) ? undefined : true));
    expect(alive(second as number)).toBe(true);
    await child.stop();
    expect(exits).toEqual([]);
  });

  it("reports an exit it did not ask for, with the code", async () => {
    const exits: string[] = [];
    startChild({
      name: "short",
      command: "sh",
      args: ["-c", "exit 3"],
      cwd: process.cwd(),
      log: () => {},
      onExit: (why) => exits.push(why),
    });
    expect(await until(() => exits[0])).toBe("exit 3");
  });
});
