import { waitForOperation } from "@contracts/upmobile";
import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "../src/money.js";
import { books, startTestSandbox, upmobileClient, withdrawal } from "./helpers.js";

const sandbox = await startTestSandbox();
const anna = upmobileClient(sandbox, sandbox.tokens.upmobileOtherCustomer);

describe("concurrent withdrawals against one account", () => {
  it("never overdraw, each accepted one reaches a terminal state, and the books balance", async () => {
    const { data } = await anna.GET("/accounts", {});
    const account = data?.data.accounts.find((a) => a.currency_code === "RUB");
    if (!account) throw new Error("Anna has no RUB account.");
    const start = parseAmount(account.balance, 2) ?? 0n;
    const perWithdrawal = 30_600n; // 300.00 + 2 % commission

    // 200 at once, every tenth with a magic destination that fails and releases its hold.
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        anna.POST("/withdrawals", {
          body: withdrawal(account.id, {
            amount: "300.00",
            destination: i % 10 === 0 ? "+70000000001" : "+79990000000",
          }),
        }),
      ),
    );
    const accepted = results.flatMap((r) => (r.data ? [r.data.data] : []));
    const refused = results.filter((r) => r.error);
    expect(accepted.length + refused.length).toBe(200);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.error).toMatchObject({ code: "insufficient_funds" });
    expect(accepted.length).toBeGreaterThanOrEqual(Number(start / perWithdrawal));
    expect(new Set(accepted.map((o) => o.id)).size).toBe(accepted.length);

    const final = await Promise.all(
      accepted.map((o) => waitForOperation(anna, o.id, { intervalMs: 50, maxIntervalMs: 200, timeoutMs: 15_000 })),
    );
    for (const o of final) expect(o.status).toBe(o.destination === "+70000000001" ? "failed" : "completed");
    const completed = BigInt(final.filter((o) => o.status === "completed").length);
    const after = await books(anna, account.id);
    expect(after).toEqual({ balance: formatAmount(start - completed * perWithdrawal, 2), held: "0.00" });
  });
});
