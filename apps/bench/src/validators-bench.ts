/**
 * The validators benchmark: for each scenario, the generated validators, Ajv compiling the same schemas at run
 * time, hand-written Zod 4 schemas and a hand-written type guard validate the same valid and invalid inputs.
 */
import * as topupValidators from "@contracts/topup/validators";
import * as upmobileValidators from "@contracts/upmobile/validators";
import { Bench } from "tinybench";
import * as hand from "./hand-guards.js";
import { accountsInputs, type Inputs, topupInputs, withdrawalInputs } from "./inputs.js";
import { compileRuntimeAjv } from "./runtime-ajv.js";
import * as zod from "./zod-schemas.js";

/**
 * The four contenders, and one informational row: the generated `isX` guard of the same schema, i.e. the compiled
 * code without the `validateRequestBody`/`validateResponseBody` wrapper (no error messages; for a multipart body no
 * file checks either), which shows how much of the generated figure the wrapper costs.
 */
export const CONTENDERS = ["generated", "runtimeAjv", "zod", "handGuard", "generatedGuard"] as const;
export type ContenderId = (typeof CONTENDERS)[number];
export const CONTENDER_LABELS: Record<ContenderId, string> = {
  generated: "generated validators",
  runtimeAjv: "Ajv, compiled at run time",
  zod: "Zod 4 (hand-written)",
  handGuard: "hand-written type guard",
  generatedGuard: "(info) generated isX guard",
};

/** generated ÷ contender must be at least this (ops/s ratio). */
export const TARGETS: Record<Exclude<ContenderId, "generated" | "generatedGuard">, number> = {
  handGuard: 0.8,
  zod: 3,
  runtimeAjv: 1,
};

export const CASES = ["valid", "invalid"] as const;
export type CaseId = (typeof CASES)[number];

/** Each contender as a predicate: true when it accepts the input. */
type Check = (input: unknown) => boolean;

export interface Scenario {
  id: string;
  title: string;
  inputs: Inputs;
  contenders: Record<ContenderId, Check>;
}

export interface Measurement {
  opsPerSec: number;
  /** Relative margin of error of the mean latency in the best round, in percent. */
  rme: number;
  samples: number;
  /** Calls per timed sample (short calls are batched so the timer's own cost does not dominate). */
  batch: number;
}

export interface CaseResult {
  case: CaseId;
  ops: Record<ContenderId, Measurement>;
  /** generated ops/s ÷ the contender's ops/s, with the target and whether it was met. */
  ratios: Record<keyof typeof TARGETS, { ratio: number; target: number; met: boolean }>;
}

export interface ScenarioResult {
  id: string;
  title: string;
  cases: CaseResult[];
}

export async function buildScenarios(): Promise<{ scenarios: Scenario[]; runtimeAjvSetupMs: number }> {
  const ajv = await compileRuntimeAjv();
  const scenarios: Scenario[] = [
    {
      id: "upmobile-init-withdrawal-request",
      title: "(a) Upmobile InitWithdrawal request body (WithdrawalRequest)",
      inputs: withdrawalInputs(),
      contenders: {
        generated: (body) => upmobileValidators.validateRequestBody("InitWithdrawal", body).valid,
        runtimeAjv: ajv.initWithdrawalRequest,
        zod: (body) => zod.withdrawalRequest.safeParse(body).success,
        handGuard: hand.isWithdrawalRequest,
        generatedGuard: upmobileValidators.isWithdrawalRequest,
      },
    },
    {
      id: "upmobile-get-accounts-200",
      title: "(b) Upmobile GetAccounts 200 response, 100 accounts (AccountsResponse)",
      inputs: accountsInputs(),
      contenders: {
        generated: (body) => upmobileValidators.validateResponseBody("GetAccounts", 200, body).valid,
        runtimeAjv: ajv.getAccounts200,
        zod: (body) => zod.accountsResponse.safeParse(body).success,
        handGuard: hand.isAccountsResponse,
        generatedGuard: upmobileValidators.isAccountsResponse,
      },
    },
    {
      id: "topup-create-request-bank-transfer",
      title: "(c) Topup CreateTopupRequest bank-transfer body, PDF Blob proof (TopupRequestForm)",
      inputs: topupInputs(),
      contenders: {
        generated: (body) => topupValidators.validateRequestBody("CreateTopupRequest", body).valid,
        runtimeAjv: ajv.createTopupRequest,
        zod: (body) => zod.topupRequestForm.safeParse(body).success,
        handGuard: hand.isTopupRequestForm,
        // Note: schema only; the Blob is checked by validateRequestBody, not by the guard.
        generatedGuard: topupValidators.isTopupRequestForm,
      },
    },
  ];
  return { scenarios, runtimeAjvSetupMs: ajv.setupMs };
}

/**
 * Every contender must accept the valid input and reject the invalid one; a benchmark of a validator that gets the
 * answer wrong measures nothing. Returns the disagreements (empty when all agree).
 */
export function sanityCheck(scenarios: readonly Scenario[]): string[] {
  const problems: string[] = [];
  for (const scenario of scenarios) {
    for (const c of CASES) {
      // Note: the informational row is left out: for a multipart body it does not check the file, by design.
      for (const id of CONTENDERS.filter((contender) => contender !== "generatedGuard")) {
        let accepted: boolean | string;
        try {
          accepted = scenario.contenders[id](scenario.inputs[c]);
        } catch (error) {
          accepted = `threw ${error instanceof Error ? error.message : String(error)}`;
        }
        if (accepted !== (c === "valid")) {
          const got = typeof accepted === "string" ? accepted : accepted ? "accepted it" : "rejected it";
          problems.push(
            `${scenario.title}: ${CONTENDER_LABELS[id]} ${got}, but the ${c} input must be ${c === "valid" ? "accepted" : "rejected"}.`,
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

export interface BenchOptions {
  /** Measuring time per task and round, in ms. */
  time: number;
  /** Warm-up time per task, in ms (first round only). */
  warmupTime: number;
  /**
   * Rounds per case, the contenders' order rotated each round; each contender keeps its best round, so a burst of
   * load from elsewhere on the machine does not decide a ratio.
   */
  rounds: number;
  log?: (line: string) => void;
}

export async function runScenarios(scenarios: readonly Scenario[], options: BenchOptions): Promise<ScenarioResult[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    options.log?.(`  measuring ${scenario.title} …`);
    const cases: CaseResult[] = [];
    for (const c of CASES) {
      const input = scenario.inputs[c];
      const tasks = CONTENDERS.map((id) => {
        const check = scenario.contenders[id];
        const batch = calibrate(() => {
          if (check(input)) sink++;
        });
        const fn = () => {
          for (let i = 0; i < batch; i++) if (check(input)) sink++;
        };
        return { id, batch, fn };
      });
      const ops = {} as Record<ContenderId, Measurement>;
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
      const ratio = (against: keyof typeof TARGETS) => {
        const value = ops.generated.opsPerSec / ops[against].opsPerSec;
        return { ratio: value, target: TARGETS[against], met: value >= TARGETS[against] };
      };
      cases.push({
        case: c,
        ops,
        ratios: { handGuard: ratio("handGuard"), zod: ratio("zod"), runtimeAjv: ratio("runtimeAjv") },
      });
    }
    results.push({ id: scenario.id, title: scenario.title, cases });
  }
  if (sink < 0) console.log(sink);
  return results;
}
