import { type ChildProcess, fork } from "node:child_process";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Account, Operation } from "@contracts/upmobile";
import autocannon from "autocannon";
import { formatAmount, parseAmount } from "../money.js";
import { startSandbox } from "../sandbox.js";

// `pnpm bench:sandbox`: a bounded load on a sandbox in its own process — 200 connections sending a fixed number of
// withdrawals against one account (a few seconds) — then a check of the books: no overdraw, every accepted withdrawal
// terminal, and balance + held equal to the start minus what completed. Timings are reported, not asserted.
// BENCH_REQUESTS sets the number of requests; BENCH_DATA_DIR runs the sandbox with its fsynced event log there.

const CONNECTIONS = 200;
// Note: a count, not a duration: autocannon drops the responses in flight when a duration ends, and the check
// needs every accepted withdrawal.
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const STEP_MS = 50;
const AMOUNT = "250.00";
const PER_WITHDRAWAL = 25_500n; // 250.00 + the 2 % mobile commission, in kopecks
const FAILING_DESTINATION = "+70000000001";

if (process.env.SANDBOX_BENCH_ROLE === "server") {
  const sandbox = await startSandbox({ port: 0, operationStepMs: STEP_MS, dataDir: process.env.BENCH_DATA_DIR });
  process.send?.({ url: sandbox.url, upmobile: sandbox.upmobile });
  process.once("disconnect", () => void sandbox.stop().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const { child, upmobile } = await startServerProcess();
  try {
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${upmobile.url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${upmobile.token}`, "Content-Type": "application/json" },
      }).then((r) => r.json() as Promise<{ data: unknown }>);
    const account = async () => ((await api("/accounts")).data as { accounts: Account[] }).accounts[0] as Account;
    const start = await account();
    const body = (destination: string) =>
      JSON.stringify({
        account_id: start.id,
        amount: AMOUNT,
        currency_code: "RUB",
        category_code: "mobile",
        operator_code: "beeline",
        region_code: "RU",
        destination,
      });
    const accepted: string[] = [];
    const refusals = new Map<string, number>();
    const onResponse = (status: number, text: string) => {
      const parsed = JSON.parse(text) as { data?: { id: string }; code?: string };
      if (status === 200 && parsed.data) accepted.push(parsed.data.id);
      else refusals.set(`${status} ${parsed.code}`, (refusals.get(`${status} ${parsed.code}`) ?? 0) + 1);
    };
    console.log(
      `Load: ${CONNECTIONS} connections, ${REQUESTS} × POST /withdrawals (${AMOUNT} RUB each, 1 in 10 failing) ` +
        `against one account of ${start.balance} RUB.`,
    );
    const result = await autocannon({
      url: `${upmobile.url}/withdrawals`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      method: "POST",
      headers: { Authorization: `Bearer ${upmobile.token}`, "Content-Type": "application/json" },
      requests: [
        ...Array.from({ length: 9 }, () => ({ body: body("+79990000000"), onResponse })),
        { body: body(FAILING_DESTINATION), onResponse },
      ],
    });

    // Every accepted withdrawal must reach a terminal status; wait for the holds to clear, then read each one.
    const deadline = Date.now() + 60_000;
    while ((await account()).held_balance !== "0.00" && Date.now() < deadline) await sleep(STEP_MS);
    const operations: Operation[] = [];
    for (let i = 0; i < accepted.length; i += 50) {
      const batch = accepted.slice(i, i + 50).map(async (id) => (await api(`/operations/${id}`)).data as Operation);
      operations.push(...(await Promise.all(batch)));
    }
    const byStatus = new Map<string, number>();
    for (const o of operations) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    const completed = BigInt(byStatus.get("completed") ?? 0);
    const end = await account();
    const expected = formatAmount((parseAmount(start.balance, 2) ?? 0n) - completed * PER_WITHDRAWAL, 2);
    const checks = {
      "no overdraw (balance and held never negative)":
        !end.balance.startsWith("-") && !end.held_balance.startsWith("-"),
      "every accepted withdrawal is terminal": operations.every((o) =>
        ["completed", "failed", "canceled"].includes(o.status),
      ),
      "no withdrawal lost or applied twice (balance = start − completed)": end.balance === expected,
      "all holds released or settled (held = 0)": end.held_balance === "0.00",
      "only insufficient_funds refusals": [...refusals.keys()].every((k) => k === "422 insufficient_funds"),
      "no transport errors or timeouts": result.errors === 0 && result.timeouts === 0,
    };

    const cpu = cpus();
    console.log(`
Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}; sandbox in its own process.
Requests: ${result.requests.total} in ${result.duration} s — ${Math.round(result.requests.average)} req/s average
Latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, average ${result.latency.average} ms
Accepted: ${accepted.length} (${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")})
Refused: ${[...refusals].map(([k, n]) => `${n} × ${k}`).join(", ") || "none"}
Account: ${start.balance} → ${end.balance} RUB (held ${end.held_balance}); expected ${expected}
`);
    for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? "✓" : "✗"} ${check}`);
    process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
  } finally {
    child.disconnect();
  }
}

function startServerProcess(): Promise<{ child: ChildProcess; upmobile: { url: string; token: string } }> {
  const child = fork(fileURLToPath(import.meta.url), {
    env: { ...process.env, SANDBOX_BENCH_ROLE: "server", NODE_ENV: process.env.NODE_ENV ?? "development" },
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message) =>
      resolve({ child, ...(message as { upmobile: { url: string; token: string } }) }),
    );
    child.once("exit", (code) => reject(new Error(`The sandbox process exited (${code}) before it listened.`)));
  });
}
