/**
 * The validators benchmark: the generated validators, runtime Ajv and hand-written Zod 4 schemas on the same inputs,
 * each doing the whole job (every rule checked, every broken rule reported: the sanity check compares the lists).
 */
import { compileValidators, findRepositoryRoot, loadApiNamed } from "@contracts/codegen/registry";
import type { ValidationIssue, ValidationResult } from "@contracts/runtime/internal";
import * as topupValidators from "@contracts/topup/validators";
import * as upmobileValidators from "@contracts/upmobile/validators";
import { Bench } from "tinybench";
import type { z } from "zod";
import { accountsInputs, type Inputs, topupInputs, withdrawalInputs } from "./inputs.js";
import * as zod from "./zod-schemas.js";
import { PROOF, stated, WITHDRAWAL } from "./zod-schemas.js";

/**
 * The three contenders, and one informational row: the generated `isX` guard of the same schema (the compiled code
 * without the `validateRequestBody`/`validateResponseBody` wrapper: no error messages, for a multipart body no file
 * checks either), which shows what the wrapper costs.
 */
export const CONTENDERS = ["generated", "runtimeAjv", "zod", "generatedGuard"] as const;
export type ContenderId = (typeof CONTENDERS)[number];
/** Rows measured for information, with no target. */
export const INFO_CONTENDERS: readonly ContenderId[] = ["generatedGuard"];
export const CONTENDER_LABELS: Record<ContenderId, string> = {
  generated: "generated validators",
  runtimeAjv: "Ajv, compiled at run time",
  zod: "Zod 4 (hand-written)",
  generatedGuard: "(info) generated isX guard",
};

/** generated ÷ contender must be at least this (ops/s ratio). */
export const TARGETS: Record<Exclude<ContenderId, "generated" | "generatedGuard">, number> = {
  zod: 3,
  runtimeAjv: 1,
};

export const CASES = ["valid", "invalid"] as const;

/** Each contender as a predicate: true when it accepts the input. */
type Check = (input: unknown) => boolean;
type Validate = (input: unknown) => ValidationResult;

export interface Scenario {
  id: string;
  title: string;
  inputs: Inputs;
  /** More invalid inputs, not measured: the sanity check compares every contender's error list on them too. */
  variants: unknown[];
  generated: Validate;
  runtimeAjv: Validate;
  zod: z.ZodType;
  generatedGuard: Check;
}

function contender(scenario: Scenario, id: ContenderId): Check {
  if (id === "zod") return (input) => scenario.zod.safeParse(input).success;
  if (id === "generatedGuard") return scenario.generatedGuard;
  const validate = scenario[id];
  return (input) => validate(input).valid;
}

/** A contender's error list, for the sanity check only (paths alone for Zod, whose sentences are its own). */
function errorsOf(scenario: Scenario, id: "generated" | "runtimeAjv" | "zod", input: unknown) {
  if (id !== "zod") {
    const result = scenario[id](input);
    return result.valid ? [] : result.errors;
  }
  const result = scenario.zod.safeParse(input);
  if (result.success) return [];
  // an unknown-keys issue names each key, as the others do.
  return result.error.issues.flatMap((issue) => {
    const base = issue.path.map((segment) => `/${String(segment)}`).join("");
    const keys = issue.code === "unrecognized_keys" ? issue.keys : null;
    return keys ? keys.map((key) => ({ path: `${base}/${key}` })) : [{ path: base }];
  });
}

/**
 * The "no codegen" alternative: each spec read at start-up and compiled by Ajv at run time with codegen's own
 * compileValidators (as the mocks serve an API), so only the compiling differs from the generated validators.
 */
async function compileRuntimeAjv() {
  const started = performance.now();
  const root = findRepositoryRoot(import.meta.dirname);
  const [upmobile, topup] = await Promise.all([loadApiNamed(root, "upmobile"), loadApiNamed(root, "topup")]);
  return {
    upmobile: compileValidators(upmobile),
    topup: compileValidators(topup),
    setupMs: performance.now() - started,
  };
}

export async function buildScenarios(): Promise<{ scenarios: Scenario[]; runtimeAjvSetupMs: number }> {
  const ajv = await compileRuntimeAjv();
  const withdrawal = withdrawalInputs();
  const accounts = accountsInputs();
  const topup = topupInputs();
  const validWithdrawal = withdrawal.valid as Record<string, unknown>;
  const validPage = accounts.valid as { data: { accounts: Record<string, unknown>[] } };
  const validTopup = topup.valid as Record<string, unknown>;
  const pdf = validTopup.to_attach_proof as Blob;

  const scenarios: Scenario[] = [
    {
      id: "upmobile-init-withdrawal-request",
      title: "(a) Upmobile InitWithdrawal request body (WithdrawalRequest)",
      inputs: withdrawal,
      variants: [
        {},
        null,
        [],
        "text",
        { ...validWithdrawal, account_id: 5, category_code: 7, destination: "", region_code: null },
        {
          ...validWithdrawal,
          destination: "d".repeat(stated(WITHDRAWAL, "destination", "maxLength") + 1),
          currency_code: "EUR",
          amount: "1e5",
          extra: 1,
        },
        { account_id: "3F0C9A52-8D1E-4B7A-9C21-5E6F7A8B9C0D", amount: 100, operator_code: "" },
      ],
      generated: (body) => upmobileValidators.validateRequestBody("InitWithdrawal", body),
      runtimeAjv: (body) => ajv.upmobile.validateRequestBody("InitWithdrawal", body),
      zod: zod.withdrawalRequest,
      generatedGuard: upmobileValidators.isWithdrawalRequest,
    },
    {
      id: "upmobile-get-accounts-200",
      title: "(b) Upmobile GetAccounts 200 response, 100 accounts (AccountsResponse)",
      inputs: accounts,
      variants: [
        null,
        { status: 1, status_code: "200" },
        { data: { accounts: "none", pages: -1.5 }, status: "error", status_code: 200.5 },
        { data: [], status: "success", status_code: 200 },
        {
          data: {
            accounts: [
              {},
              null,
              { ...validPage.data.accounts[1], created_at: "2024-02-30T00:00:00Z", owner_id: null, extra: true },
              { ...validPage.data.accounts[2], status: "frozen", type: 3, name: 5, currency_code: "usd" },
              { ...validPage.data.accounts[3], balance: 1, held_balance: "01.5", id: "x" },
            ],
            pages: 1,
          },
          status: "success",
          status_code: 200,
        },
      ],
      generated: (body) => upmobileValidators.validateResponseBody("GetAccounts", 200, body),
      runtimeAjv: (body) => ajv.upmobile.validateResponseBody("GetAccounts", 200, body),
      zod: zod.accountsResponse,
      generatedGuard: upmobileValidators.isAccountsResponse,
    },
    {
      id: "topup-create-request-bank-transfer",
      title: "(c) Topup CreateTopupRequest bank-transfer body, PDF Blob proof (TopupRequestForm)",
      inputs: topup,
      variants: [
        {},
        [],
        { type: 5, amount: 1, currency: "egyptian_pound" },
        { type: "from_wire", amount: 1 },
        { type: "from_accept_balance", amount: 1.5, currency: "x", username: "", to_attach_proof: "path" },
        { ...validTopup, from_bank: "", from_account_name: undefined, amount: "100", to_attach_proof: null },
        {
          ...validTopup,
          currency: 1,
          from_date: 20240115,
          to_attach_proof: new Blob([pdf, new Uint8Array(PROOF.maxBytes)]),
        },
        { ...validTopup, to_attach_proof: new Blob(["x"]) },
      ],
      generated: (body) => topupValidators.validateRequestBody("CreateTopupRequest", body),
      runtimeAjv: (body) => ajv.topup.validateRequestBody("CreateTopupRequest", body),
      zod: zod.topupRequestForm,
      // schema only; the Blob is checked by validateRequestBody, not by the guard.
      generatedGuard: topupValidators.isTopupRequestForm,
    },
  ];
  return { scenarios, runtimeAjvSetupMs: ajv.setupMs };
}

/** Parameters with their keys sorted, so two validators that record them in another order still compare equal. */
const paramsKey = (params: ValidationIssue["params"]) =>
  JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

const issueKey = (issue: ValidationIssue | { path: string }) =>
  "message" in issue
    ? `${issue.path} (${issue.field}) [${issue.keyword}] ${paramsKey(issue.params)} ${issue.message}`
    : issue.path;

/** The list as sorted, comparable lines; with `pathsOnly`, the distinct paths. */
function normalise(issues: ReadonlyArray<ValidationIssue | { path: string }>, pathsOnly: boolean): string[] {
  const keys = issues.map((issue) => (pathsOnly ? issue.path : issueKey(issue)));
  return [...new Set(keys)].sort();
}

/**
 * The disagreements between contenders (a benchmark of validators that answer differently measures nothing): each
 * must accept the valid input and reject the invalid ones, runtime Ajv with the generated issues, Zod at their fields.
 */
export function sanityCheck(scenarios: readonly Scenario[]): string[] {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    for (const id of ["generated", "runtimeAjv", "zod"] as const) {
      if (errorsOf(scenario, id, scenario.inputs.valid).length > 0) {
        problems.push(`${scenario.title}: ${CONTENDER_LABELS[id]} rejects the valid input.`);
      }
    }
    for (const [i, input] of [scenario.inputs.invalid, ...scenario.variants].entries()) {
      const what = i === 0 ? "the invalid input" : `invalid variant ${i}`;
      const expected = errorsOf(scenario, "generated", input);
      if (expected.length === 0) problems.push(`${scenario.title}: the generated validators accept ${what}.`);
      for (const id of ["runtimeAjv", "zod"] as const) {
        const pathsOnly = id === "zod";
        const want = normalise(expected, pathsOnly);
        const got = normalise(errorsOf(scenario, id, input), pathsOnly);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          const missing = want.filter((line) => !got.includes(line));
          const extra = got.filter((line) => !want.includes(line));
          problems.push(
            `${scenario.title}, ${what}: ${CONTENDER_LABELS[id]} reports a different error list` +
              `${missing.length ? `; missing ${JSON.stringify(missing)}` : ""}${extra.length ? `; extra ${JSON.stringify(extra)}` : ""}.`,
          );
        }
      }
    }
  }
  return problems;
}

/** Written to, so the engine cannot drop calls whose result is unused. */
let sink = 0;

/** The fastest of `times` runs: load from elsewhere on the machine only ever makes a run slower. */
function fastest(times: number, run: () => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) best = Math.min(best, run());
  return best;
}

/**
 * Calls per sample so one sample lasts about `targetNs`: timing a 100 ns call on its own mostly times the timer.
 * The function is warmed up first, and each estimate is the fastest of several runs, so neither a still-cold
 * function nor a moment of outside load yields a batch that is too small.
 */
function calibrate(fn: () => void, targetNs = 100_000): number {
  const timeCalls = (n: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    return Number(process.hrtime.bigint() - started);
  };
  const warmUntil = performance.now() + 10;
  while (performance.now() < warmUntil) fn();
  let n = 1;
  while (n < 10_000 && fastest(3, () => timeCalls(n)) < targetNs) n *= 2;
  const perCallNs = fastest(5, () => timeCalls(n)) / n;
  return Math.max(1, Math.min(10_000, Math.round(targetNs / perCallNs)));
}

/**
 * Each case measured in `rounds` rounds of `time` ms per task (warm-up in the first only), the contenders' order
 * rotated each round; each contender keeps its best round, so a burst of load from elsewhere does not decide a ratio.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  options: { time: number; warmupTime: number; rounds: number; log: (line: string) => void },
) {
  const gc = (globalThis as { gc?: () => void }).gc;
  const results = [];
  for (const scenario of scenarios) {
    options.log(`  measuring ${scenario.title} …`);
    const cases = [];
    for (const c of CASES) {
      const input = scenario.inputs[c];
      const tasks = CONTENDERS.map((id) => {
        const check = contender(scenario, id);
        const batch = calibrate(() => {
          if (check(input)) sink++;
        });
        const fn = () => {
          for (let i = 0; i < batch; i++) if (check(input)) sink++;
        };
        return { id, batch, fn };
      });
      // rme: the relative margin of error of the mean latency in the best round, in percent; batch: calls per timed
      // sample (short calls are batched so the timer's own cost does not dominate).
      const ops = {} as Record<ContenderId, { opsPerSec: number; rme: number; samples: number; batch: number }>;
      for (let round = 0; round < options.rounds; round++) {
        const bench = new Bench({
          time: options.time,
          warmup: round === 0,
          warmupTime: options.warmupTime,
          setup: () => gc?.(),
        });
        const order = [...tasks.slice(round % tasks.length), ...tasks.slice(0, round % tasks.length)];
        for (const task of order) bench.add(task.id, task.fn);
        await bench.run();
        for (const { id, batch } of tasks) {
          const result = bench.getTask(id)?.result;
          if (!result || result.error)
            throw new Error(`${scenario.title}, ${c}, ${id}: ${result?.error ?? "no result"}`);
          const opsPerSec = (batch * 1000) / result.latency.mean;
          if (!ops[id] || opsPerSec > ops[id].opsPerSec) {
            ops[id] = { opsPerSec, rme: result.latency.rme, samples: result.latency.samples.length, batch };
          }
        }
      }
      // generated ops/s ÷ the contender's ops/s, with the target and whether it was met.
      const ratio = (against: keyof typeof TARGETS) => {
        const value = ops.generated.opsPerSec / ops[against].opsPerSec;
        return { ratio: value, target: TARGETS[against], met: value >= TARGETS[against] };
      };
      cases.push({
        case: c,
        ops,
        ratios: { zod: ratio("zod"), runtimeAjv: ratio("runtimeAjv") },
      });
    }
    results.push({ id: scenario.id, title: scenario.title, cases });
  }
  if (sink < 0) console.log(sink);
  return results;
}

export type ScenarioResult = Awaited<ReturnType<typeof runScenarios>>[number];
