import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContractReport } from "../src/report.js";
import { type CountingProxy, MONEY_MOVING, startCountingProxy } from "./support/counting-proxy.js";
import { testContract } from "./support/test-contract.js";

// `CONTRACT_SAFE=true pnpm test:contract`, exactly as a user types it, against a provider reached only through the
// environment: the sandbox behind a proxy that counts every request per operation. Then the same run without
// CONTRACT_SAFE, to show the proxy does count what moves money.

const reports = mkdtempSync(join(tmpdir(), "contract-safe-"));
let sandbox: Sandbox;
let proxy: CountingProxy;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
  proxy = await startCountingProxy(sandbox.url, { upmobile: sandbox.upmobile.url, topup: sandbox.topup.url });
});
afterAll(async () => {
  await proxy?.close();
  await sandbox?.stop();
  rmSync(reports, { recursive: true, force: true });
});

/** The variables a user sets for a provider of their own (here the counted sandbox), reporting into `dir`. */
const providerEnv = (dir: string) => ({
  UPMOBILE_BASE_URL: proxy.apis.upmobile as string,
  UPMOBILE_TOKEN: sandbox.upmobile.token,
  TOPUP_BASE_URL: proxy.apis.topup as string,
  TOPUP_TOKEN: sandbox.topup.token,
  TOPUP_CLIENT_ID: sandbox.topupCredentials.client_id,
  TOPUP_CLIENT_SECRET: sandbox.topupCredentials.client_secret,
  TOPUP_USERNAME: sandbox.topupCredentials.username,
  TOPUP_PASSWORD: sandbox.topupCredentials.password,
  CONTRACT_PROVIDER: "counted",
  CONTRACT_REPORT_DIR: join(reports, dir),
});

const readReport = (dir: string) =>
  JSON.parse(readFileSync(join(reports, dir, "report.json"), "utf8")) as ContractReport;
const moneyMoving = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(MONEY_MOVING.map((key) => [key, counts[key] ?? 0]));

const PREFER =
  "it needs Prism's `Prefer` header, which this provider does not honour (set CONTRACT_HONOURS_PREFER=true if it does)";
const WITHDRAWAL = "safe run (CONTRACT_SAFE=true): it calls InitWithdrawal, which moves money (x-moves-money)";
const TOPUP = "safe run (CONTRACT_SAFE=true): it calls CreateTopupRequest, which moves money (x-moves-money)";

describe("CONTRACT_SAFE=true pnpm test:contract", () => {
  it("sends nothing to an operation that moves money, reads everything else, and reports what it left out", async () => {
    expect(MONEY_MOVING).toEqual(["upmobile InitWithdrawal", "topup CreateTopupRequest"]);
    proxy.reset();
    const safe = await testContract({ ...providerEnv("safe"), CONTRACT_SAFE: "true" });
    expect(safe.code, safe.output.slice(-3000)).toBe(0);
    const counts = proxy.counts();
    expect(moneyMoving(counts)).toEqual({ "upmobile InitWithdrawal": 0, "topup CreateTopupRequest": 0 });
    for (const read of [
      "upmobile GetAccounts",
      "upmobile GetOperation",
      "upmobile PreviewWithdrawal",
      "topup InquireTopupRequests",
      "topup ObtainToken",
    ]) {
      expect(counts[read], read).toBeGreaterThan(0);
    }
    expect(Object.keys(counts).filter((key) => key.startsWith("unknown"))).toEqual([]);

    const report = readReport("safe");
    expect(report.run.safe).toBe(true);
    expect(report.verdict).toBe("passed");
    expect(new Set(report.skipped.map((s) => s.reason))).toEqual(new Set([PREFER, WITHDRAWAL, TOPUP]));
    // the stateful cases that create a withdrawal or a request to read it back say which one they would call.
    const skipped = (prefix: string) => report.skipped.find((s) => s.id.startsWith(prefix))?.reason;
    expect(skipped("upmobile GetOperation 200: reads back")).toBe(WITHDRAWAL);
    expect(skipped("upmobile GetOperation 200: moves only forward")).toBe(WITHDRAWAL);
    expect(skipped("upmobile InitWithdrawal 200: moves the account's balance")).toBe(WITHDRAWAL);
    expect(skipped("topup InquireTopupRequests 200: lists a request just created")).toBe(TOPUP);
    expect(report.notCovered).toContainEqual({
      api: "upmobile",
      operationId: "InitWithdrawal",
      status: "200",
      why: WITHDRAWAL,
    });
    expect(report.notCovered).toContainEqual({
      api: "topup",
      operationId: "CreateTopupRequest",
      status: "201",
      why: TOPUP,
    });
    const markdown = readFileSync(join(reports, "safe", "report.md"), "utf8");
    expect(markdown).toContain("Safe run (CONTRACT_SAFE=true): nothing was sent to an operation that moves money");
    expect(markdown).toContain(`- upmobile InitWithdrawal 422: ${WITHDRAWAL}`);
    expect(markdown).toContain(`- topup CreateTopupRequest 400: ${TOPUP}`);

    // the same run without CONTRACT_SAFE does reach both through the proxy: the zeros above are counted ones.
    proxy.reset();
    const full = await testContract(providerEnv("full"));
    expect(full.code, full.output.slice(-3000)).toBe(0);
    const moved = moneyMoving(proxy.counts());
    expect(moved["upmobile InitWithdrawal"]).toBeGreaterThan(0);
    expect(moved["topup CreateTopupRequest"]).toBeGreaterThan(0);
    expect(readReport("full").run.safe).toBe(false);
  });
});
