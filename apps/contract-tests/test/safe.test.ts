import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { topupStatefulCases, upmobileStatefulCases } from "../src/cases-stateful.js";
import { topupCases } from "../src/cases-topup.js";
import { upmobileCases } from "../src/cases-upmobile.js";
import { createRecorder, RefusedRequestError } from "../src/exchange.js";
import { type CaseContext, type CaseResult, type ContractCase, caseList, runCase } from "../src/harness.js";
import type { Provider } from "../src/provider.js";
import { buildReport, renderMarkdown } from "../src/report.js";
import { SAFE_RUN, safeGuard } from "../src/safe.js";
import { type Json, REPOSITORY_ROOT, requestBody, specContext } from "../src/spec.js";
import { type CountingProxy, MONEY_MOVING, startCountingProxy } from "./support/counting-proxy.js";

// Safe runs (CONTRACT_SAFE=true), in process: every case list against the sandbox behind a counting proxy, once in
// safe mode and once not, and cases that call an operation that moves money without declaring it.

const lists: Record<string, () => Promise<ContractCase[]>> = {
  upmobile: upmobileCases,
  "upmobile stateful": upmobileStatefulCases,
  topup: topupCases,
  "topup stateful": topupStatefulCases,
  "documented examples": () => documentedExampleCases(),
};

let sandbox: Sandbox;
let proxy: CountingProxy;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
  proxy = await startCountingProxy(sandbox.url, { upmobile: sandbox.upmobile.url, topup: sandbox.topup.url });
});
afterAll(async () => {
  await proxy?.close();
  await sandbox?.stop();
});

/** The sandbox through the proxy, claiming every capability, so that no case is skipped but for safety. */
const provider = (): Provider => ({
  name: "counted",
  apis: {
    upmobile: { url: proxy.apis.upmobile as string, token: sandbox.upmobile.token },
    topup: { url: proxy.apis.topup as string, token: sandbox.topup.token },
  },
  missing: {},
  topupCredentials: sandbox.topupCredentials,
  honoursPrefer: true,
  stateful: true,
  lifecycleTimeoutMs: 2_000,
});

/** Runs one case and returns its result with the operations its requests reached, as the proxy counted them. */
async function counted(c: ContractCase, { safe = false, explore = false } = {}) {
  proxy.reset();
  const result = await runCase(c, provider(), explore, safe);
  return { result, reached: Object.keys(proxy.counts()).sort() };
}

const refusals = (result: CaseResult) =>
  result.findings.filter((f) => f.rule === "x-moves-money" || f.rule === "unknown operation");

describe("every case list", () => {
  it("knows the operations that move money from the operation tables", () => {
    expect(MONEY_MOVING).toEqual(["upmobile InitWithdrawal", "topup CreateTopupRequest"]);
  });

  it.each(Object.keys(lists))(
    "%s: each case sends what it declares; a safe run skips, with the reason, exactly those that would move money, and sends nothing to such an operation",
    async (name) => {
      const cases = await (lists[name] as () => Promise<ContractCase[]>)();
      const moving: string[] = [];
      for (const c of cases) {
        const { reached } = await counted(c);
        const declared = [c.operationId, ...(c.calls ?? [])].map((operationId) => `${c.api} ${operationId}`);
        expect(reached, c.id).toEqual([...new Set(declared)].sort());
        const movesMoney = reached.filter((key) => MONEY_MOVING.includes(key));
        if (movesMoney.length > 0) moving.push(c.id);

        const safe = await counted(c, { safe: true });
        expect(refusals(safe.result), c.id).toEqual([]);
        expect(
          safe.reached.filter((key) => MONEY_MOVING.includes(key) || key.startsWith("unknown")),
          c.id,
        ).toEqual([]);
        // the provider lacks nothing, so a case is skipped only by the safe run, naming what moves money.
        const operations = movesMoney.map((key) => key.split(" ")[1]).join(" and ");
        expect(safe.result.skipReason, c.id).toBe(
          movesMoney.length > 0 ? `${SAFE_RUN}: it calls ${operations}, which moves money (x-moves-money)` : undefined,
        );
      }
      // the counter counts: without the safe run, some cases of each list do move money, others do not.
      expect(moving.length).toBeGreaterThan(0);
      expect(moving.length).toBeLessThan(cases.length);
    },
  );
});

describe("the guard in the fetch every case sends through", () => {
  /** A case that lists accounts, then starts a withdrawal it never declared; `after` is what it does then. */
  const undeclared = async (after: "throws" | "swallows and skips") => {
    const spec = await specContext("upmobile");
    const example = requestBody(spec.operation("InitWithdrawal")).examples[0]?.value as Json;
    const { cases, add } = caseList(spec);
    add({
      operationId: "GetAccounts",
      status: "200",
      check: "positive data acceptance",
      expect: { kind: "success" },
      name: `lists accounts, then withdraws without saying so, and ${after}`,
      run: async (ctx: CaseContext) => {
        const listed = await ctx.upmobile().GET("/accounts");
        const body = { ...example, account_id: listed.data?.data.accounts[0]?.id };
        try {
          await ctx.upmobile().POST("/withdrawals", { body: body as never });
        } catch (error) {
          if (after === "throws") throw error;
          return ctx.skip("the withdrawal did not start");
        }
        return ctx.exchange(listed);
      },
    });
    return cases[0] as ContractCase;
  };

  it.each(["throws", "swallows and skips"] as const)(
    "stops, before it is sent, a request to an operation that moves money from a case that %s, and fails it",
    async (after) => {
      const c = await undeclared(after);
      // explore mode, because the path is assumed: a refusal fails the case even where drift only warns.
      const { result, reached } = await counted(c, { safe: true, explore: true });
      expect(reached).toEqual(["upmobile GetAccounts"]);
      expect(result.outcome).toBe("failed");
      expect(result.findings).toHaveLength(1);
      const [finding] = result.findings;
      expect(finding).toMatchObject({
        check: "transport",
        rule: "x-moves-money",
        operationId: "InitWithdrawal",
        severity: "error",
        message:
          "POST /withdrawals was refused before it was sent: a safe run (CONTRACT_SAFE=true) sends nothing to InitWithdrawal, which moves money (x-moves-money).",
        spec: { file: "specs/upmobile/openapi.yaml", pointer: "/paths/~1withdrawals/post/x-moves-money" },
      });
      const lines = readFileSync(join(REPOSITORY_ROOT, "specs", "upmobile", "openapi.yaml"), "utf8").split("\n");
      expect(lines[(finding?.spec?.line ?? 0) - 1]?.trim()).toBe("x-moves-money: true");
      expect(finding?.suggestion).toContain("add it to the case's `calls`");

      // the same case outside a safe run does send the withdrawal: the guard is what stopped it.
      const unguarded = await counted(c);
      expect(unguarded.reached).toEqual(["upmobile GetAccounts", "upmobile InitWithdrawal"]);
      expect(unguarded.result.outcome).toBe("passed");
    },
  );

  it("refuses a path the spec does not have, since whether it moves money cannot be told", async () => {
    const spec = await specContext("upmobile");
    const base = proxy.apis.upmobile as string;
    const recorder = createRecorder(spec, base, sandbox.upmobile.token, { refuse: safeGuard(spec) });
    proxy.reset();
    const refused = recorder.fetch(new Request(`${base}/withdrawals/bulk`, { method: "POST", body: "{}" }));
    await expect(refused).rejects.toBeInstanceOf(RefusedRequestError);
    expect(recorder.refused).toEqual([
      {
        api: "upmobile",
        operationId: null,
        method: "POST",
        path: "/withdrawals/bulk",
        reason: "a safe run (CONTRACT_SAFE=true) sends only the spec's operations, and this path is none of them",
      },
    ]);
    await recorder.fetch(new Request(`${base}/accounts`, { headers: { authorization: "Bearer x" } }));
    expect(proxy.counts()).toEqual({ "upmobile GetAccounts": 1 });
  });

  it("takes no case whose declared calls the spec does not have", async () => {
    const { add } = caseList(await specContext("upmobile"));
    expect(() =>
      add({
        operationId: "GetOperation",
        status: "200",
        check: "stateful: withdrawal read-back",
        expect: { kind: "success" },
        calls: ["InitWithdrawl"],
        name: "misspelt",
        run: () => Promise.reject(new Error("never run")),
      }),
    ).toThrow("upmobile has no operation InitWithdrawl.");
  });
});

describe("the report of a safe run", () => {
  it("says safe mode was on, in its header and its JSON", () => {
    const run = { provider: "acme", apis: {}, missing: {}, explore: false, startedAt: "", finishedAt: "" };
    const header = "Safe run (CONTRACT_SAFE=true): nothing was sent to an operation that moves money;";
    const safe = buildReport({ ...run, safe: true }, [], []);
    expect(JSON.parse(JSON.stringify(safe)).run.safe).toBe(true);
    expect(renderMarkdown(safe).split("\n").slice(0, 6).join("\n")).toContain(header);
    expect(renderMarkdown(buildReport({ ...run, safe: false }, [], []))).not.toContain(header);
  });
});
