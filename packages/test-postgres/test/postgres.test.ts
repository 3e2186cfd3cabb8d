import { existsSync, readFileSync, renameSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRunning, startPostgres } from "../src/index.js";

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => resolve(socket.destroy() !== undefined));
    socket.once("error", () => resolve(false));
  });

describe("startPostgres", () => {
  it("starts a cluster on a free port of 127.0.0.1, creates databases, and removes everything on stop", async () => {
    const cluster = await startPostgres();
    const server = Number(readFileSync(join(cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    try {
      expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
      expect(await accepts(cluster.port)).toBe(true);
      const first = await cluster.createDatabase();
      const second = await cluster.createDatabase();
      expect(first).not.toBe(second);
      expect(await cluster.createDatabase("named")).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/named`);
    } finally {
      await Promise.all([cluster.stop(), cluster.stop()]);
    }
    expect(existsSync(cluster.dataDir)).toBe(false);
    // the server process, not the port, which another test's cluster may already have been given.
    expect(isRunning(server)).toBe(false);
  });

  it("stops and removes a cluster whose test process died without stopping it", async () => {
    const orphan = await startPostgres();
    const server = Number(readFileSync(join(orphan.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    // pid 1 is alive; a folder claimed by a pid that cannot exist stands for a process that died.
    const abandoned = orphan.dataDir.replace(/test-postgres-\d+-/, "test-postgres-999999999-");
    renameSync(orphan.dataDir, abandoned);
    const next = await startPostgres();
    try {
      expect(existsSync(abandoned)).toBe(false);
      expect(isRunning(server)).toBe(false);
    } finally {
      await next.stop();
    }
  });

  it("says how to install PostgreSQL when its programs are missing", async () => {
    await expect(startPostgres({ binDir: "/nonexistent" })).rejects.toThrow(/apt-get install -y postgresql/);
  });
});
