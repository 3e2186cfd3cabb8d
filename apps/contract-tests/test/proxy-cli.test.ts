import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The built command, as `pnpm contract:proxy` runs it: it prints its address, serves until SIGTERM or Ctrl-C, then
// writes the report and the HAR and prints their paths last.

const CLI = join(import.meta.dirname, "..", "dist", "proxy", "cli.js");
const folder = mkdtempSync(join(tmpdir(), "proxy-cli-"));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function start(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  expect(existsSync(CLI), "the CLI is built (pnpm --filter @contracts/contract-tests build)").toBe(true);
  const { INIT_CWD: _, CONTRACT_EXPLORE: __, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: folder,
    env: { ...env, CONTRACT_REPORT_DIR: "report" },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output: () => output, exited };
}

async function address(output: () => string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const found = /Verifying proxy for \w+: (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`The proxy printed no address:\n${output()}`);
}

describe("pnpm contract:proxy", () => {
  it("forwards, then on SIGTERM writes the report and the HAR, prints their paths last and exits 0", async () => {
    const proxy = start([
      "--api",
      "upmobile",
      "--upstream",
      sandbox.upmobile.url,
      "--port",
      "0",
      "--har",
      "traffic.har",
    ]);
    const url = await address(proxy.output);
    const response = await fetch(`${url}/accounts`, { headers: { authorization: `Bearer ${sandbox.upmobile.token}` } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    proxy.child.kill("SIGTERM");
    expect(await proxy.exited).toBe(0);
    const lines = proxy.output().trimEnd().split("\n");
    expect(lines.slice(-3)).toEqual([
      `Report: ${join(folder, "report", "report.md")}`,
      `        ${join(folder, "report", "report.json")}`,
      `        ${join(folder, "report", "report.xml")}`,
    ]);
    expect(lines).toContain(`HAR:    ${join(folder, "traffic.0001.har")}`);
    const har = readFileSync(join(folder, "traffic.0001.har"), "utf8");
    expect(har).not.toContain(sandbox.upmobile.token);
    expect(JSON.parse(har).log.entries).toHaveLength(1);
  });

  it("exits 2 naming the problem for bad usage", async () => {
    const proxy = start(["--api", "nope", "--upstream", sandbox.upmobile.url]);
    expect(await proxy.exited).toBe(2);
    expect(proxy.output()).toMatch(/^--api nope: the registry names upmobile, topup/);
    const missing = start(["--api", "upmobile"]);
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toMatch(/^--upstream names the provider's base URL\./);
  });
});
