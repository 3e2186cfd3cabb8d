import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type PostgresCluster, startPostgres } from "@contracts/test-postgres";
import type { Account, Operation } from "@contracts/upmobile";
import autocannon from "autocannon";
import { formatAmount, parseAmount } from "../money.js";
import { measureProxyLatency } from "./proxy-latency.js";
import { type BenchServer, servePrism, startPrismProcess, startSandboxProcess } from "./servers.js";

// `pnpm bench:sandbox`: the sandbox in memory, on SQLite (durable: every acknowledged write fsynced), on PostgreSQL,
// and as two replicas on one PostgreSQL, plus the Prism mocks for GetAccounts — side by side in one run. Each is
// measured at a fixed offered load (autocannon's overallRate) and at saturation, and the books are checked after
// each. Figures are reported, never asserted. BENCH_SCALE (default 1) scales every request count.

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ACCOUNT = "5b7e2c14-9a3d-4f61-8e2b-1c0d9f8a7b61"; // Ivan's Main RUB account
const AMOUNT = "10.00";
const PER_WITHDRAWAL = 1_100n; // 10.00 + the 1.00 minimum mobile commission, in kopecks
const FAILING_DESTINATION = "+70000000001";
const STEP_MS = 50;

interface Scenario {
  operation: "GetAccounts" | "InitWithdrawal";
  connections: number;
  requests: number;
  /** Requests per second offered; none: as fast as the server answers. */
  rate?: number;
}

const SCENARIOS: Scenario[] = [
  { operation: "GetAccounts", connections: 20, requests: 5000, rate: 1000 },
  { operation: "GetAccounts", connections: 20, requests: 20_000 },
  { operation: "InitWithdrawal", connections: 50, requests: 2500, rate: 500 },
  { operation: "InitWithdrawal", connections: 200, requests: 6000 },
];
/** Not measured (JIT, statement caches, connection pools warm up), but booked. */
const WARM_UPS: Scenario[] = [
  { operation: "GetAccounts", connections: 20, requests: 1000 },
  { operation: "InitWithdrawal", connections: 50, requests: 300 },
];

const nameOf = ({ operation, connections, rate }: Scenario) =>
  `${operation}, ${connections} connections, ${rate ? `offered ${rate.toLocaleString("en-US")} req/s` : "saturation"}`;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  problems: number;
}

/** Withdrawals answered during a mode, for the books. */
interface Tally {
  accepted: string[];
  refusals: Map<string, number>;
}

if (process.env.BENCH_ROLE === "prism") await servePrism();
else await main();

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
  let cluster: PostgresCluster | undefined;
  const postgres = async () => {
    cluster ??= await startPostgres();
    return cluster.createDatabase();
  };
  const modes = [
    { name: "memory", start: async () => [await startSandboxProcess([])] },
    { name: "SQLite (durable)", start: async () => [await startSandboxProcess(["--data", join(scratch, "sqlite")])] },
    { name: "PostgreSQL", start: async () => [await startSandboxProcess(["--database", await postgres()])] },
    {
      name: "2 replicas, PostgreSQL",
      start: async () => {
        const url = await postgres();
        return Promise.all([0, 1].map(() => startSandboxProcess(["--database", url])));
      },
    },
    // Prism serves examples only: no withdrawals, no books.
    { name: "Prism", readsOnly: true, start: async () => [await startPrismProcess(fileURLToPath(import.meta.url))] },
  ];

  const cpu = cpus();
  console.log(
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}; every server in ` +
      `its own process, autocannon in this one. Withdrawals: ${AMOUNT} RUB each (1 in 10 failing) from one account.`,
  );
  const results = new Map<string, Map<string, Measured>>();
  const books: string[] = [];
  let failed = false;
  let proxy: string[] = [];
  try {
    process.stdout.write("\nverifying proxy: ");
    const sandbox = await startSandboxProcess([]);
    try {
      proxy = await measureProxyLatency(sandbox);
    } finally {
      await sandbox.stop();
    }
    for (const mode of modes) {
      process.stdout.write(`\n${mode.name}: `);
      const servers = await mode.start();
      const targets = servers.map((s) => s.upmobile);
      try {
        const tally: Tally = { accepted: [], refusals: new Map() };
        const first = targets[0] as BenchServer["upmobile"];
        const start = mode.readsOnly ? undefined : await account(first);
        const runs = (scenario: Scenario) => !mode.readsOnly || scenario.operation === "GetAccounts";
        for (const warmUp of WARM_UPS.filter(runs)) await measure(targets, warmUp, tally);
        const byScenario = new Map<string, Measured>();
        for (const scenario of SCENARIOS.filter(runs)) {
          process.stdout.write(".");
          byScenario.set(nameOf(scenario), await measure(targets, scenario, tally));
        }
        results.set(mode.name, byScenario);
        if (start) {
          const verdict = await checkBooks(targets, start, tally);
          failed ||= !verdict.ok;
          books.push(`${verdict.ok ? "✓" : "✗"} ${mode.name}: ${verdict.summary}`);
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  } finally {
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log("\n");
  report(results);
  console.log(
    "\nBooks after each mode (no overdraw, every accepted withdrawal terminal, balance = start − completed):",
  );
  for (const line of books) console.log(line);
  targetsReport(results);
  console.log(`\n${proxy.join("\n")}`);
  process.exitCode = failed ? 1 : 0;
}

/** Runs a scenario against one server, or splits it evenly between replicas (run at the same time). */
async function measure(targets: BenchServer["upmobile"][], scenario: Scenario, tally: Tally): Promise<Measured> {
  const share = (n: number) => Math.max(1, Math.round((n * SCALE) / targets.length));
  // autocannon's own start and finish fall on its one-second sampling ticks; the time of the last answer
  // gives the real length of a run.
  const started = performance.now();
  let lastAnswer = started;
  const answered = () => {
    lastAnswer = performance.now();
  };
  const runs = await Promise.all(
    targets.map((target) =>
      autocannon({
        url: `${target.url}${scenario.operation === "GetAccounts" ? "/accounts" : "/withdrawals"}`,
        connections: Math.max(1, Math.round(scenario.connections / targets.length)),
        amount: share(scenario.requests),
        ...(scenario.rate ? { overallRate: Math.round(scenario.rate / targets.length) } : {}),
        headers: { Authorization: `Bearer ${target.token}`, "Content-Type": "application/json" },
        requests:
          scenario.operation === "GetAccounts"
            ? [{ method: "GET", onResponse: answered }]
            : withdrawalRequests(tally, answered),
      }),
    ),
  );
  // at a fixed rate autocannon sends each second's share as the second begins, so the last second ends early;
  // a run that kept up lasted requests ÷ rate seconds by design.
  const wall = (lastAnswer - started) / 1000;
  const total = runs.reduce((n, r) => n + r.requests.total, 0);
  const seconds = scenario.rate ? Math.max(wall, total / scenario.rate) : wall;
  return {
    rps: total / seconds,
    // autocannon reports percentiles, which do not add up; with replicas the worse one is shown.
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    problems: runs.reduce(
      (n, r) => n + r.errors + r.timeouts + (scenario.operation === "GetAccounts" ? r.non2xx : 0),
      0,
    ),
  };
}

function withdrawalRequests(tally: Tally, answered: () => void) {
  const body = (destination: string) =>
    JSON.stringify({
      account_id: ACCOUNT,
      amount: AMOUNT,
      currency_code: "RUB",
      category_code: "mobile",
      operator_code: "beeline",
      region_code: "RU",
      destination,
    });
  const onResponse = (status: number, text: string) => {
    answered();
    const parsed = JSON.parse(text) as { data?: { id: string }; code?: string };
    if (status === 200 && parsed.data) tally.accepted.push(parsed.data.id);
    else tally.refusals.set(`${status} ${parsed.code}`, (tally.refusals.get(`${status} ${parsed.code}`) ?? 0) + 1);
  };
  return [
    ...Array.from({ length: 9 }, () => ({ method: "POST", body: body("+79990000000"), onResponse })),
    { method: "POST", body: body(FAILING_DESTINATION), onResponse },
  ];
}

async function api(target: BenchServer["upmobile"], path: string): Promise<unknown> {
  const response = await fetch(`${target.url}${path}`, { headers: { Authorization: `Bearer ${target.token}` } });
  return ((await response.json()) as { data: unknown }).data;
}

async function account(target: BenchServer["upmobile"]): Promise<Account> {
  const { accounts } = (await api(target, "/accounts?page_size=100")) as { accounts: Account[] };
  const found = accounts.find((a) => a.id === ACCOUNT);
  if (!found) throw new Error(`Account ${ACCOUNT} is not listed.`);
  return found;
}

/** Every accepted withdrawal terminal (read back from each replica in turn), balance = start − completed, held 0. */
async function checkBooks(targets: BenchServer["upmobile"][], start: Account, tally: Tally) {
  const first = targets[0] as BenchServer["upmobile"];
  const deadline = Date.now() + 60_000;
  while ((await account(first)).held_balance !== "0.00" && Date.now() < deadline) await sleep(STEP_MS);
  const statuses = new Map<string, number>();
  for (let i = 0; i < tally.accepted.length; i += 50) {
    const batch = tally.accepted.slice(i, i + 50).map(async (id, j) => {
      const target = targets[(i + j) % targets.length] as BenchServer["upmobile"];
      return ((await api(target, `/operations/${id}`)) as Operation).status;
    });
    for (const status of await Promise.all(batch)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const completed = BigInt(statuses.get("completed") ?? 0);
  const end = await account(first);
  const expected = formatAmount((parseAmount(start.balance, 2) ?? 0n) - completed * PER_WITHDRAWAL, 2);
  const terminal = (statuses.get("completed") ?? 0) + (statuses.get("failed") ?? 0) === tally.accepted.length;
  const unique = new Set(tally.accepted).size === tally.accepted.length;
  const ok = terminal && unique && end.balance === expected && end.held_balance === "0.00" && tally.refusals.size === 0;
  const refused = [...tally.refusals].map(([k, n]) => `${n} × ${k}`).join(", ") || "none refused";
  return {
    ok,
    summary:
      `${tally.accepted.length} accepted (${[...statuses].map(([s, n]) => `${n} ${s}`).join(", ")}), ${refused}; ` +
      `${start.balance} → ${end.balance} RUB (held ${end.held_balance}), expected ${expected}`,
  };
}

function report(results: Map<string, Map<string, Measured>>) {
  const modes = [...results.keys()];
  const width = Math.max(...modes.map((m) => m.length)) + 2;
  for (const scenario of SCENARIOS) {
    const name = nameOf(scenario);
    console.log(name);
    const base = results.get("memory")?.get(name);
    const prism = results.get("Prism")?.get(name);
    const header = `  ${"mode".padEnd(width)}${"req/s".padStart(8)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"× memory".padStart(10)}`;
    console.log(`${header}${prism ? "× Prism".padStart(10) : ""}${"  errors".padStart(9)}`);
    for (const mode of modes) {
      const m = results.get(mode)?.get(name);
      if (!m) continue;
      const ratio = (of?: Measured) => (of ? `${(m.rps / of.rps).toFixed(2)}` : "").padStart(10);
      console.log(
        `  ${mode.padEnd(width)}${Math.round(m.rps).toString().padStart(8)}${m.p50.toString().padStart(9)}` +
          `${m.p99.toString().padStart(9)}${ratio(base)}${prism ? ratio(prism) : ""}${m.problems.toString().padStart(9)}`,
      );
    }
  }
}

function targetsReport(results: Map<string, Map<string, Measured>>) {
  console.log("\nTargets on this machine (reported, not asserted):");
  const sqlite = results.get("SQLite (durable)")?.get("InitWithdrawal, 200 connections, saturation");
  if (sqlite) {
    const ok = sqlite.rps >= 1000;
    console.log(`${ok ? "✓" : "✗"} durable withdrawals on SQLite ≥ 1,000 req/s: ${Math.round(sqlite.rps)} req/s`);
  }
  for (const [mode, byScenario] of results) {
    if (mode === "Prism") continue;
    const get = byScenario.get("GetAccounts, 20 connections, saturation");
    if (!get) continue;
    const ok = get.rps >= 3000 && get.p99 <= 20;
    console.log(
      `${ok ? "✓" : "✗"} GetAccounts ≥ 3,000 req/s with p99 ≤ 20 ms at 20 connections (${mode}): ` +
        `${Math.round(get.rps)} req/s, p99 ${get.p99} ms`,
    );
  }
}
