import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { copyTestRegistry, TEST_API } from "@contracts/test-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Dev, startDev } from "../src/dev.js";

// `pnpm dev` on a copy of the test registry (a repository root with one API, Refunds): a save reaches the running
// mock's answer and the docs page; a broken spec changes nothing and says where it is broken.
let registry: Awaited<ReturnType<typeof copyTestRegistry>>;
let dev: Dev;
const lines: string[] = [];
let spec: string;
let original: string;

beforeAll(async () => {
  registry = await copyTestRegistry();
  spec = join(registry.root, "specs", TEST_API, "openapi.yaml");
  original = await readFile(spec, "utf8");
  dev = await startDev({ root: registry.root, anyPorts: true, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await dev?.stop();
  await registry?.remove();
});

const mock = () => {
  const [found] = dev.services.mocks().mocks;
  if (!found) throw new Error("no mock running");
  return found;
};
const refundAmount = async () => {
  const { url, token } = mock();
  const response = await fetch(`${url}/refunds/5f0c9b7e-8d1a-4c2e-9b3f-2a6d8e4c1b70`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { amount: string }).amount;
};
const docsPage = async () => (await fetch(`${dev.services.docs.url}${TEST_API}/index.html`)).text();

describe("pnpm dev", () => {
  it("carries a saved spec to the mock's answer and the docs page within seconds, and reloads open pages", async () => {
    expect(await refundAmount()).toBe("25.00");
    expect(await docsPage()).toContain("/__docs-reload");
    const events = await fetch(`${dev.services.docs.url}__docs-reload`);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    const started = performance.now();
    const rebuilt = dev.nextRebuild();
    await writeFile(
      spec,
      original
        .replace(
          'amount: "25.00"\n                    status: settled',
          'amount: "31.50"\n                    status: settled',
        )
        .replace("summary: Read a refund", "summary: Read one refund"),
    );
    const rebuild = await rebuilt;
    expect(rebuild).toMatchObject({ api: TEST_API, ok: true });
    expect(await refundAmount()).toBe("31.50");
    expect(await docsPage()).toContain("Read one refund");
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("data: reload");
    await reader.cancel();
    const seconds = (performance.now() - started) / 1000;
    // not a timing assertion on the machine's speed: a generous bound that a hung pipeline would miss.
    expect(seconds).toBeLessThan(60);
    expect(lines.some((l) => l.startsWith(`✓ ${TEST_API}: linted`))).toBe(true);
  });

  it("prints a broken spec's findings with their lines, and keeps the last good build serving", async () => {
    const rebuilt = dev.nextRebuild();
    // saved as editors save, a new file renamed over the old one.
    await writeFile(
      `${spec}.new`,
      original.replace("      operationId: GetRefund\n", "      operationIdd: GetRefund\n"),
    );
    await rename(`${spec}.new`, spec);
    const rebuild = await rebuilt;
    expect(rebuild.ok).toBe(false);
    expect(rebuild.report).toMatch(
      /specs\/refunds\/openapi\.yaml:\n\s+\d+:\d+\s+error\s+struct\s+Property `operationIdd` is not expected here\./,
    );
    expect(await refundAmount()).toBe("31.50");
    expect(await docsPage()).toContain("Read one refund");
  });

  it("keeps watching after a save that replaced the file, and carries the fix", async () => {
    const rebuilt = dev.nextRebuild();
    await writeFile(`${spec}.new`, original);
    await rename(`${spec}.new`, spec);
    expect(await rebuilt).toMatchObject({ api: TEST_API, ok: true });
    expect(await refundAmount()).toBe("25.00");
  });
});

describe("node dist/cli.js dev", () => {
  it("stops everything on Ctrl-C", async () => {
    const copy = await copyTestRegistry();
    try {
      const child = spawn(process.execPath, ["dist/cli.js", "dev", "--root", copy.root], {
        cwd: join(import.meta.dirname, ".."),
        env: { ...process.env, DOCS_PORT: "0", REFUNDS_MOCK_PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      while (!output.includes("Ctrl-C stops everything")) {
        if (child.exitCode !== null) throw new Error(output);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const children = await descendants(child.pid as number);
      expect(children.length).toBeGreaterThan(0);
      const exited = once(child, "exit");
      child.kill("SIGINT");
      child.kill("SIGINT");
      expect(await exited).toEqual([0, null]);
      for (const pid of children) expect(alive(pid), `process ${pid} outlived pnpm dev`).toBe(false);
    } finally {
      await copy.remove();
    }
  });
});

/** Every process below `pid` (Prism and its helpers). */
async function descendants(pid: number): Promise<number[]> {
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
    execFile("ps", ["-e", "-o", "pid=,ppid="], (error, out) => (error ? reject(error) : resolve({ stdout: out }))),
  );
  const pairs = stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
