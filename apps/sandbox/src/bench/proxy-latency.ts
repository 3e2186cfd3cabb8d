import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import type { BenchServer } from "./servers.js";

// The verifying proxy's added latency (`pnpm contract:proxy`): GetAccounts one at a time over a kept-alive
// connection, straight to the sandbox and through the proxy in front of it, in alternating blocks so that the
// machine's drift touches both alike. Reported, never asserted.

const PROXY_CLI = fileURLToPath(new URL("../../../contract-tests/dist/proxy/cli.js", import.meta.url));
const BLOCK = 500;
const BLOCKS = 6;

/** Starts the proxy CLI in front of `upstream`, resolved with its address once it prints it. */
function startProxy(upstream: string): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(PROXY_CLI)) throw new Error(`${PROXY_CLI} is not built: run pnpm bench:sandbox from the root.`);
  const child = spawn(process.execPath, [PROXY_CLI, "--api", "upmobile", "--upstream", upstream, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const url = /: (http:\/\/127\.0\.0\.1:\d+) →/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) => reject(new Error(`the proxy exited (${code}) before listening:\n${output}`)));
  });
}

function get(agent: Agent, url: URL, token: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.once("end", () => resolve((performance.now() - started) * 1000));
      res.once("error", reject);
    });
    req.once("error", reject);
    req.end();
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Measures GetAccounts straight to `sandbox` and through the verifying proxy: the report's lines. */
export async function measureProxyLatency(sandbox: BenchServer): Promise<string[]> {
  const proxy = await startProxy(sandbox.upmobile.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const targets = { direct: new URL(`${sandbox.upmobile.url}/accounts`), proxied: new URL(`${proxy.url}/accounts`) };
  const samples: Record<keyof typeof targets, number[]> = { direct: [], proxied: [] };
  try {
    for (const target of Object.values(targets))
      for (let i = 0; i < BLOCK; i++) await get(agent, target, sandbox.upmobile.token);
    for (let block = 0; block < BLOCKS; block++) {
      for (const name of ["direct", "proxied"] as const) {
        for (let i = 0; i < BLOCK; i++) samples[name].push(await get(agent, targets[name], sandbox.upmobile.token));
      }
    }
  } finally {
    agent.destroy();
    proxy.child.kill("SIGKILL");
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const [direct, proxied] = [summary(samples.direct), summary(samples.proxied)];
  const ms = (us: number) => (us / 1000).toFixed(2);
  const added = { p50: proxied.p50 - direct.p50, p99: proxied.p99 - direct.p99 };
  return [
    `Verifying proxy (pnpm contract:proxy), GetAccounts one at a time, ${BLOCK * BLOCKS} requests each way:`,
    `  direct    p50 ${ms(direct.p50)} ms  p99 ${ms(direct.p99)} ms`,
    `  proxied   p50 ${ms(proxied.p50)} ms  p99 ${ms(proxied.p99)} ms`,
    `  ${added.p99 <= 2000 ? "✓" : "✗"} added p99 ≤ 2 ms: p50 +${ms(added.p50)} ms, p99 +${ms(added.p99)} ms (×${(proxied.p99 / direct.p99).toFixed(2)} the direct p99)`,
  ];
}
