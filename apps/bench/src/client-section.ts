/**
 * Section "client": what the typed client costs per call over a bare `fetch` and a bare openapi-fetch client, all
 * reading the same body from a local server in a worker thread (so its work is not timed as the client's).
 */
import diagnostics from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { paths } from "@contracts/upmobile";
import { createHarRecorder, createUpmobileClient, type HarEntry } from "@contracts/upmobile";
import createClient from "openapi-fetch";
import { accountsPage } from "./inputs.js";
import { formatOps, formatRatio, mark, median, signedUs, table } from "./report.js";
import { BenchAbort, type BenchSection } from "./sections.js";
import { upmobileSpec } from "./spec-facts.js";

const TOKEN = "bench-token";
/** The page a GET /accounts without `page_size` gets: the parameter's default. */
const PAGE_SIZE = (() => {
  const parameter = upmobileSpec.operations.GetAccounts?.parameters.find((p) => p.name === "page_size");
  if (typeof parameter?.schema.default !== "number") throw new Error("GetAccounts page_size states no default.");
  return parameter.schema.default;
})();
/** client time per call ÷ raw fetch time per call must be at most this. */
export const CLIENT_TARGET = 1.1;
/** client throughput ÷ bare openapi-fetch throughput with this many calls in flight must be at least this. */
export const THROUGHPUT_TARGET = 0.95;
export const IN_FLIGHT = 64;
/** What a HAR recorder with a function sink may add to a call of the same client, in microseconds. */
export const RECORDER_GOAL_US = 5;

/** The contenders, in the order their rows are printed. */
const LABELS = {
  raw: "fetch + res.json()",
  openapiFetch: "bare openapi-fetch client.GET",
  client: "client.GET, request validation on (default)",
  clientNoRequestValidation: "client.GET, request validation off",
  clientResponseValidation: "(info) client.GET, request + response validation",
  // the price of the default timeout: one more AbortSignal a call, which undici's Request must follow.
  clientNoTimeout: "(info) client.GET, timeoutMs: 0 (no timeout)",
  clientRecorder: "client.GET with a HAR recorder, function sink",
} as const;
type ContenderId = keyof typeof LABELS;
const CONTENDERS = Object.keys(LABELS) as ContenderId[];
/** Rows held against the target. */
const TARGETED: readonly ContenderId[] = ["client", "clientNoRequestValidation"];

async function startServer(body: unknown, keepAliveMs: number | null) {
  const worker = new Worker(new URL("./server-worker.js", import.meta.url), { workerData: { body, keepAliveMs } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("message", (message: { url: string }) => resolve(message.url));
    worker.once("error", reject);
  });
  return {
    url,
    close: async () => {
      worker.postMessage("close");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/** The two ways the connection is handled: as the test server does it, and kept alive as in production. */
const MODES = [
  {
    id: "new-connection",
    title: "a new TCP connection per call (the test server closes idle connections after 1 ms)",
    keepAliveMs: null,
  },
  { id: "keep-alive", title: "one kept-alive connection (server keepAliveTimeout 5 s)", keepAliveMs: 5_000 },
] as const;

/** The median over rounds of each round's figure compared with the same round's figure of another contender. */
const byRound = (own: readonly number[], other: readonly number[], compare: (a: number, b: number) => number) =>
  median(own.map((value, r) => compare(value, other[r] ?? Number.NaN)));
const ratio = (a: number, b: number) => a / b;
const difference = (a: number, b: number) => a - b;

/**
 * One warm-up pass, then each contender measured once per round, the order rotated each round so no contender
 * always runs right after another's garbage.
 */
async function rotatedRounds(rounds: number, measure: (id: ContenderId) => Promise<number>) {
  for (const id of CONTENDERS) await measure(id);
  const gc = (globalThis as { gc?: () => void }).gc;
  const perRound = Object.fromEntries(CONTENDERS.map((id) => [id, [] as number[]])) as Record<ContenderId, number[]>;
  for (let round = 0; round < rounds; round++) {
    const shift = round % CONTENDERS.length;
    for (const id of [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)]) {
      gc?.();
      perRound[id].push(await measure(id));
    }
  }
  return perRound;
}

/** Connections undici opened (fetch's HTTP client), to show which mode is in effect. */
let connections = 0;
diagnostics.subscribe("undici:client:connected", () => connections++);

async function measureMode(mode: (typeof MODES)[number], options: { rounds: number; callsPerRound: number }) {
  const body = accountsPage(PAGE_SIZE);
  const server = await startServer(body, mode.keepAliveMs);
  try {
    const baseUrl = server.url;
    const url = `${baseUrl}/accounts`;
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const bare = createClient<paths>({ baseUrl, headers });
    // The sink keeps the last entry only: what is measured is the recorder building each redacted entry.
    let lastEntry: HarEntry | undefined;
    const recorder = createHarRecorder({
      sink: (entry) => {
        lastEntry = entry;
      },
    });
    // The defaults a user gets: retries on (a GET may be retried, so the transport must be able to send it again).
    const client = (options: Partial<Parameters<typeof createUpmobileClient>[0]> = {}) => {
      const upmobile = createUpmobileClient({ baseUrl, token: TOKEN, ...options });
      return async () => (await upmobile.GET("/accounts")).data;
    };
    const call: Record<ContenderId, () => Promise<unknown>> = {
      raw: async () => {
        const response = await fetch(url, { headers });
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        return response.json();
      },
      openapiFetch: async () => {
        const { data, response } = await bare.GET("/accounts");
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        return data;
      },
      client: client(),
      clientNoRequestValidation: client({ validate: { request: false } }),
      clientResponseValidation: client({ validate: { request: true, response: true } }),
      clientNoTimeout: client({ timeoutMs: 0 }),
      clientRecorder: client({ recorder }),
    };

    // Every contender must read the very body the server sends, or the comparison is of different work.
    const expected = JSON.stringify(body);
    for (const id of CONTENDERS) {
      const got = JSON.stringify(await call[id]());
      if (got !== expected) throw new BenchAbort(`${LABELS[id]} read a different body than the server sent.`);
    }

    const { rounds, callsPerRound } = options;
    const connectionsBefore = connections;
    const roundsUs = await rotatedRounds(rounds, async (id) => {
      const started = performance.now();
      for (let i = 0; i < callsPerRound; i++) await call[id]();
      return ((performance.now() - started) * 1000) / callsPerRound;
    });
    const connectionsPerCall = (connections - connectionsBefore) / ((rounds + 1) * callsPerRound * CONTENDERS.length);
    // entries are built in a later task: the last call's may still be pending when the rounds end.
    await recorder.flush();
    const { recorded, dropped, sinkFailures } = recorder.stats();
    if (
      recorded !== (rounds + 1) * callsPerRound + 1 ||
      dropped + sinkFailures > 0 ||
      !lastEntry?.response.content.text
    ) {
      throw new BenchAbort(`The recorder did not record every call (${JSON.stringify(recorder.stats())}).`);
    }

    const addedUs = byRound(roundsUs.clientRecorder, roundsUs.client, difference);
    const ratioClient = byRound(roundsUs.clientRecorder, roundsUs.client, ratio);
    const overClient = { addedUs, ratio: ratioClient, goalUs: RECORDER_GOAL_US, met: addedUs <= RECORDER_GOAL_US };
    const results = CONTENDERS.map((id) => {
      const targeted = TARGETED.includes(id);
      const overRaw = byRound(roundsUs[id], roundsUs.raw, ratio);
      return {
        contender: id,
        label: LABELS[id],
        medianUs: median(roundsUs[id]),
        roundsUs: roundsUs[id],
        ratio: overRaw,
        ratioOpenapiFetch: byRound(roundsUs[id], roundsUs.openapiFetch, ratio),
        overheadUs: byRound(roundsUs[id], roundsUs.raw, difference),
        target: targeted ? CLIENT_TARGET : null,
        met: targeted ? overRaw <= CLIENT_TARGET : null,
        overClient: id === "clientRecorder" ? overClient : undefined,
      };
    });
    const throughput = mode.keepAliveMs === null ? null : await measureThroughput(call, rounds);
    return { mode: mode.id, title: mode.title, connectionsPerCall, results, throughput };
  } finally {
    await server.close();
  }
}

/**
 * This thread's CPU time in µs: `process.threadCpuUsage` where Node has it (23.9 and later), else Linux's
 * /proc/thread-self/stat (user + system ticks of 10 ms), else null. The client's thread, not the server's worker.
 */
export function threadCpuUs(): number | null {
  const own = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (own) {
    const { user, system } = own();
    return user + system;
  }
  try {
    const fields = readFileSync("/proc/thread-self/stat", "latin1").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * Calls per second with {@link IN_FLIGHT} calls in flight (each of that many loops starts a call as its last ends),
 * and the client thread's CPU time per call in the same rounds: a machine's other work slows the first, barely the
 * second, so the two ratios to openapi-fetch agree on a quiet machine and the second is the steadier on a busy one.
 */
async function measureThroughput(call: Record<ContenderId, () => Promise<unknown>>, rounds: number) {
  const calls = IN_FLIGHT * 40;
  const cpuUs = Object.fromEntries(CONTENDERS.map((id) => [id, [] as number[]])) as Record<ContenderId, number[]>;
  const perRound = await rotatedRounds(rounds, async (id) => {
    let left = calls;
    const cpuBefore = threadCpuUs();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (left-- > 0) await call[id]();
      }),
    );
    const elapsedMs = performance.now() - started;
    const cpuAfter = threadCpuUs();
    if (cpuBefore !== null && cpuAfter !== null) cpuUs[id].push((cpuAfter - cpuBefore) / calls);
    return (calls * 1000) / elapsedMs;
  });
  // The warm-up pass's figure comes first; the rounds' figures are the last `rounds`.
  for (const id of CONTENDERS) cpuUs[id] = cpuUs[id].slice(-rounds);
  return CONTENDERS.map((id) => {
    const targeted = TARGETED.includes(id);
    const overOpenapiFetch = byRound(perRound[id], perRound.openapiFetch, ratio);
    const cpuMeasured = cpuUs[id].length === rounds;
    return {
      contender: id,
      label: LABELS[id],
      callsPerSec: median(perRound[id]),
      roundsCallsPerSec: perRound[id],
      cpuUsPerCall: cpuMeasured ? median(cpuUs[id]) : null,
      // openapi-fetch's CPU per call over this contender's: read as the throughput ratio is (≥ 1 costs less).
      cpuRatioOpenapiFetch: cpuMeasured ? byRound(cpuUs.openapiFetch, cpuUs[id], ratio) : null,
      ratioOpenapiFetch: overOpenapiFetch,
      target: targeted ? THROUGHPUT_TARGET : null,
      met: targeted ? overOpenapiFetch >= THROUGHPUT_TARGET : null,
    };
  });
}

/**
 * Where the recorder's time goes, without a network: the same client with and without it over an injected fetch
 * answering the same body, the call timed apart from the entry built after it (the drain, timed by flush()).
 */
async function measureRecorderSplit(rounds: number, callsPerRound: number) {
  const text = JSON.stringify(accountsPage(PAGE_SIZE));
  const fetch = async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  const batch = 50;
  const recorder = createHarRecorder({ sink: () => undefined, maxPendingEntries: batch });
  const options = { baseUrl: "http://127.0.0.1:9", token: TOKEN, retry: false, fetch } as const;
  const plain = createUpmobileClient(options);
  const recorded = createUpmobileClient({ ...options, recorder });
  const time = async (client: typeof plain) => {
    let callMs = 0;
    let buildMs = 0;
    for (let done = 0; done < callsPerRound; done += batch) {
      const started = performance.now();
      for (let i = 0; i < batch; i++) await client.GET("/accounts");
      const called = performance.now();
      await recorder.flush();
      callMs += called - started;
      buildMs += performance.now() - called;
    }
    const calls = Math.ceil(callsPerRound / batch) * batch;
    return { callUs: (callMs * 1000) / calls, buildUs: (buildMs * 1000) / calls };
  };
  await time(plain);
  await time(recorded);
  const pathUs: number[] = [];
  const buildUs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const without = await time(plain);
    const withRecorder = await time(recorded);
    pathUs.push(withRecorder.callUs - without.callUs);
    buildUs.push(withRecorder.buildUs);
  }
  if (recorder.stats().dropped + recorder.stats().sinkFailures > 0) {
    throw new BenchAbort(`The recorder dropped entries (${JSON.stringify(recorder.stats())}).`);
  }
  return { onPathUs: median(pathUs), buildUs: median(buildUs) };
}

/** A row's last cells: its ratio to bare openapi-fetch (none on openapi-fetch's own), its target, whether it was met. */
const versusOpenapiFetch = (
  r: { contender: ContenderId; ratioOpenapiFetch: number; target: number | null; met: boolean | null },
  bound: "≤" | "≥",
) => [
  r.contender === "openapiFetch" ? "" : formatRatio(r.ratioOpenapiFetch),
  r.target === null ? "" : `${bound} ${r.target}×`,
  mark(r.met),
];

export const clientSection: BenchSection = {
  id: "client",
  title: "Client runtime: typed client vs raw fetch and bare openapi-fetch, local node:http server",
  async run(context) {
    const rounds = context.quick ? 3 : 8;
    const callsPerRound = context.quick ? 60 : 150;
    const modes = [];
    for (const mode of MODES) {
      context.log(`  measuring ${mode.title} …`);
      modes.push(await measureMode(mode, { rounds, callsPerRound }));
    }
    context.log("  measuring the recorder over an injected fetch …");
    const split = await measureRecorderSplit(rounds, callsPerRound * 4);
    const lines = [
      `GET /accounts answered with the same ${PAGE_SIZE}-account JSON body (every contender reads it: checked);`,
      `sequential calls, ${rounds} rounds × ${callsPerRound} calls per contender, order rotated` +
        `${context.quick ? " (--quick)" : ""}.`,
      "µs: median of the rounds' means; added µs and ratios: median over rounds of the comparison with raw fetch and",
      "bare openapi-fetch (createClient({ baseUrl, headers }) with the same Authorization header) in the same round.",
      "Clients: createUpmobileClient({ baseUrl, token }), default timeout (30 s) and retries; the server",
      "runs in a worker thread. The recorder (createHarRecorder, a sink that keeps the last entry) builds every",
      "entry redacted (20 account names and owner ids hashed, cached after the first call); its row compares it",
      "with client.GET in the same round.",
    ];
    for (const { title, connectionsPerCall, results, throughput } of modes) {
      const rows = results.map((r) => {
        const raw = r.contender === "raw";
        const overRaw = raw ? ["", ""] : [signedUs(r.overheadUs), formatRatio(r.ratio)];
        return [r.label, r.medianUs.toFixed(1), ...overRaw, ...versusOpenapiFetch(r, "≤")];
      });
      const recorded = results.find((r) => r.overClient)?.overClient;
      const recorderRows = recorded
        ? [
            ["", "added µs", "÷ client.GET", "goal", ""],
            [
              "HAR recorder, function sink, over the same client",
              signedUs(recorded.addedUs),
              formatRatio(recorded.ratio),
              `≤ ${recorded.goalUs} µs`,
              mark(recorded.met),
            ],
          ]
        : [];
      lines.push(
        "",
        `With ${title}; ${connectionsPerCall.toFixed(2)} connections opened per call:`,
        ...table([["", "µs per call", "added µs", "÷ raw fetch", "÷ openapi-fetch", "target", ""], ...rows], "  "),
        "",
        ...table(recorderRows, "  "),
      );
      if (throughput) {
        const rows = throughput.map((r) => {
          const cpuRatio =
            r.cpuRatioOpenapiFetch === null || r.contender === "openapiFetch"
              ? ""
              : formatRatio(r.cpuRatioOpenapiFetch);
          return [
            r.label,
            formatOps(r.callsPerSec),
            r.cpuUsPerCall === null ? "" : r.cpuUsPerCall.toFixed(1),
            cpuRatio,
            ...versusOpenapiFetch(r, "≥"),
          ];
        });
        lines.push(
          "",
          `${IN_FLIGHT} calls in flight over kept-alive connections, ${IN_FLIGHT * 40} calls per contender and round;`,
          "CPU: the client thread's µs per call, and openapi-fetch's over the row's (the steadier ratio on a busy machine):",
          ...table([["", "calls/s", "CPU µs", "CPU ratio", "÷ openapi-fetch", "target", ""], ...rows], "  "),
        );
      }
    }
    lines.push(
      "",
      "Where the recorder's time goes, over an injected fetch answering the same body (no network):",
      ...table(
        [
          ["", "µs"],
          ["(info) on the call's path: client.GET with the recorder − without it", signedUs(split.onPathUs)],
          ["(info) building the entry after the call (redaction, a later task)", split.buildUs.toFixed(1)],
        ],
        "  ",
      ),
    );
    return {
      lines,
      json: {
        generatedAt: new Date().toISOString(),
        pageSize: PAGE_SIZE,
        rounds,
        callsPerRound,
        modes,
        recorder: split,
      },
    };
  },
};
