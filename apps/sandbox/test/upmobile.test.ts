import { waitForOperation } from "@contracts/upmobile";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.js";
import { formatAmount, parseAmount } from "../src/money.js";
import { books, settle, startTestSandbox, upmobileClient, withdrawal } from "./helpers.js";

const sandbox = await startTestSandbox();
const ivan = upmobileClient(sandbox);
const anna = upmobileClient(sandbox, sandbox.tokens.upmobileOtherCustomer);

async function accountsOf(client: typeof ivan) {
  const { data } = await client.GET("/accounts", { params: { query: { page_size: 100 } } });
  return data?.data.accounts ?? [];
}
const [mainRub, dollars, , frozen, example] = await accountsOf(ivan);
const [annaRub] = await accountsOf(anna);
if (!mainRub || !dollars || !frozen || !example || !annaRub)
  throw new Error("The seed changed: the tests expect Ivan's five accounts.");

describe("GetAccounts", () => {
  it("lists the default customer's accounts, a large RUB account first, without owner_id", async () => {
    const accounts = await accountsOf(ivan);
    expect(accounts.map((a) => a.currency_code)).toEqual(["RUB", "USD", "RUB", "USD", "USD"]);
    expect(example.name).toBe("My Personal Account"); // the spec's example account, listed last
    expect(mainRub.currency_code).toBe("RUB");
    expect(Number(mainRub.balance)).toBeGreaterThanOrEqual(100_000);
    expect(accounts.every((a) => !("owner_id" in a))).toBe(true);
  });

  it("shows owner_id only to a token with the owner permission", async () => {
    const accounts = await accountsOf(upmobileClient(sandbox, sandbox.tokens.upmobileOwnerView));
    expect(accounts.map((a) => a.id)).toEqual((await accountsOf(ivan)).map((a) => a.id));
    expect(new Set(accounts.map((a) => a.owner_id))).toEqual(new Set([expect.any(String)]));
  });

  it("shows another customer only their own accounts", async () => {
    const ids = (await accountsOf(anna)).map((a) => a.id);
    expect(ids).toHaveLength(2);
    expect(ids).not.toContain(mainRub.id);
  });

  it("pages with integer query parameters and reports the page count", async () => {
    const { data } = await ivan.GET("/accounts", { params: { query: { page: 2, page_size: 1 } } });
    expect(data?.data).toMatchObject({ pages: 5, accounts: [{ id: dollars.id }] });
    const past = await ivan.GET("/accounts", { params: { query: { page: 9, page_size: 1 } } });
    expect(past.data?.data).toEqual({ accounts: [], pages: 5 });
  });

  it("answers 400 bad_request naming each bad parameter", async () => {
    const res = await fetch(`${sandbox.upmobile.url}/accounts?page=0&page_size=abc`, {
      headers: { Authorization: `Bearer ${sandbox.upmobile.token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      status: "error",
      status_code: 400,
      code: "bad_request",
      message: "The request is malformed.",
      details: [
        { field: "page", message: "page must be at least 1." },
        { field: "page_size", message: "page_size must be an integer." },
      ],
    });
  });

  it("answers 401 without a token or with a wrong one, and accepts the raw token without Bearer", async () => {
    for (const headers of [{}, { Authorization: "Bearer nope" }] as Record<string, string>[]) {
      const res = await fetch(`${sandbox.upmobile.url}/accounts`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: "error", status_code: 401, code: "unauthorized" });
    }
    const raw = await fetch(`${sandbox.upmobile.url}/accounts`, { headers: { Authorization: sandbox.upmobile.token } });
    expect(raw.status).toBe(200);
  });
});

describe("PreviewWithdrawal", () => {
  const preview = (amount: string, category_code: "mobile" | "game" | "crypto", operator_code: string) =>
    ivan.POST("/withdrawals/preview", {
      body: { amount, category_code, currency_code: "RUB", operator_code, region_code: "RU" },
    });

  it.each([
    ["100.00", "mobile", "beeline", "2.00"],
    ["10.00", "mobile", "mts", "1.00"],
    ["100.25", "mobile", "megafon", "2.01"],
    ["100.00", "game", "steam", "5.00"],
    ["100.00", "crypto", "usdt", "2.00"],
    ["0.01", "crypto", "btc", "1.00"],
  ] as const)("%s %s/%s costs a commission of %s", async (amount, category, operator, commission) => {
    const { data } = await preview(amount, category, operator);
    expect(data?.data).toMatchObject({
      amount,
      commission,
      currency: { code: "RUB", decimals: 2, symbol: "₽" },
      operator: { category_code: category, code: operator },
    });
  });

  it("answers 422 with a detail on operator_code for an unknown operator or one of another category", async () => {
    for (const [category, operator] of [
      ["mobile", "vodafone"],
      ["mobile", "steam"],
    ] as const) {
      const { error, response } = await preview("100.00", category, operator);
      expect(response.status).toBe(422);
      expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "operator_code" }] });
    }
  });

  it("answers 422 for more decimals than the currency has", async () => {
    const { error } = await preview("1.001", "mobile", "beeline");
    expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "amount" }] });
  });
});

describe("InitWithdrawal and the lifecycle", () => {
  it("holds amount + commission, then settles it when the operation completes", async () => {
    const before = await books(ivan, mainRub.id);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(mainRub.id) });
    const started = data?.data;
    expect(started).toMatchObject({
      status: "pending",
      amount: "100.00",
      type: "withdrawal",
      from_account_id: mainRub.id,
    });
    expect(started?.breakdown).toEqual([{ amount: "2.00", currency_code: "RUB", kind: "commission" }]);
    expect(started?.from_account.held_balance).toBe("102.00");

    const final = await settle(ivan, started?.id ?? "");
    expect(final.status).toBe("completed");
    expect(await books(ivan, mainRub.id)).toEqual({
      balance: formatAmount((parseAmount(before.balance, 2) ?? 0n) - 10_200n, 2),
      held: "0.00",
    });
  });

  it.each([
    ["destination +70000000001", { destination: "+70000000001" }, "failed"],
    ["destination +70000000002", { destination: "+70000000002" }, "canceled"],
    ["amount 13.13", { amount: "13.13" }, "failed"],
  ])("a magic %s ends %s and releases the hold", async (_what, overrides, status) => {
    const before = await books(ivan, mainRub.id);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(mainRub.id, overrides) });
    expect(data?.data.from_account.held_balance).not.toBe("0.00");
    const final = await settle(ivan, data?.data.id ?? "");
    expect(final.status).toBe(status);
    expect(await books(ivan, mainRub.id)).toEqual(before);
  });

  it("goes pending → processing → completed, one step per tick of the sandbox clock", async () => {
    const slow = await startSandbox({ port: 0, operationStepMs: 300 });
    try {
      const client = upmobileClient(slow);
      const { data } = await client.POST("/withdrawals", { body: withdrawal(mainRub.id) });
      const statuses: string[] = [];
      const started = Date.now();
      await waitForOperation(client, data?.data.id ?? "", {
        intervalMs: 10,
        maxIntervalMs: 10,
        onUpdate: (operation) => statuses.push(operation.status),
      });
      expect(statuses).toEqual(["pending", "processing", "completed"]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    } finally {
      await slow.stop();
    }
  });

  it("answers 422 insufficient_funds and moves nothing when the balance cannot cover amount + commission", async () => {
    const before = await books(ivan, dollars.id);
    const body = withdrawal(dollars.id, { currency_code: "USD", amount: "4950.00" }); // + 99.00 commission > 5000.00
    const { error, response } = await ivan.POST("/withdrawals", { body: body as never });
    expect(response.status).toBe(422);
    expect(error).toMatchObject({ code: "insufficient_funds", status_code: 422 });
    expect(await books(ivan, dollars.id)).toEqual(before);
  });

  it("answers 404 for another customer's account, exactly as for an unknown one", async () => {
    const foreign = await anna.POST("/withdrawals", { body: withdrawal(mainRub.id) });
    const unknown = await anna.POST("/withdrawals", { body: withdrawal("00000000-0000-4000-8000-000000000000") });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toEqual(unknown.error);
    expect(foreign.error).toMatchObject({ code: "not_found" });
  });

  it("hides an operation from another customer", async () => {
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(mainRub.id) });
    const { response, error } = await anna.GET("/operations/{id}", { params: { path: { id: data?.data.id ?? "" } } });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ code: "not_found" });
  });

  it("converts a RUB withdrawal from a USD account at the sandbox rate, holding amount + commission in USD", async () => {
    const before = await books(ivan, dollars.id);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(dollars.id) }); // 100.00 RUB, beeline
    // 100.00 RUB / 80 = 1.25 USD; the commission, 2.00 RUB, is 0.025 USD, rounded up to 0.03.
    expect(data?.data).toMatchObject({ amount: "100.00", currency_code: "RUB", status: "pending" });
    expect(data?.data.breakdown).toEqual([
      { amount: "1.25", currency_code: "USD", kind: "exchange" },
      { amount: "0.03", currency_code: "USD", kind: "commission" },
    ]);
    expect(data?.data.from_account.held_balance).toBe(formatAmount((parseAmount(before.held, 2) ?? 0n) + 128n, 2));
    await settle(ivan, data?.data.id ?? "");
    expect(await books(ivan, dollars.id)).toEqual({
      balance: formatAmount((parseAmount(before.balance, 2) ?? 0n) - 128n, 2),
      held: before.held,
    });
  });

  it("answers 422 with a detail on account_id for a blocked account", async () => {
    const { error } = await ivan.POST("/withdrawals", {
      body: withdrawal(frozen.id, { currency_code: "USD" }) as never,
    });
    expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "account_id" }] });
  });

  it("answers 422 with every field at fault, and 400 for a body that is not JSON", async () => {
    const raw = (body: string) =>
      fetch(`${sandbox.upmobile.url}/withdrawals`, {
        method: "POST",
        headers: { Authorization: `Bearer ${sandbox.upmobile.token}`, "Content-Type": "application/json" },
        body,
      });
    const invalid = await raw(JSON.stringify({ ...withdrawal(mainRub.id), amount: "0", extra: 1 }));
    expect(invalid.status).toBe(422);
    const fields = ((await invalid.json()) as { details: { field: string }[] }).details.map((d) => d.field);
    expect(fields.sort()).toEqual(["amount", "extra"]);
    const broken = await raw("{not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "bad_request", message: "The request body is not valid JSON." });
  });

  it("answers 400 for an operation id that is not a UUID and 404 for an unknown one", async () => {
    const bad = await ivan.GET("/operations/{id}", { params: { path: { id: "not-a-uuid" } } }).catch((e) => e);
    expect(bad).toBeInstanceOf(Error); // the client refuses to send it
    const res = await fetch(`${sandbox.upmobile.url}/operations/not-a-uuid`, {
      headers: { Authorization: `Bearer ${sandbox.upmobile.token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "bad_request", details: [{ field: "id" }] });
    const unknown = await ivan.GET("/operations/{id}", {
      params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(unknown.response.status).toBe(404);
  });
});

describe("HTTP surface", () => {
  it("answers a CORS preflight from another origin, allowing Authorization and Content-Type", async () => {
    const res = await fetch(`${sandbox.upmobile.url}/withdrawals`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  it("answers unknown paths with each API's own 404 body", async () => {
    const upmobile = await fetch(`${sandbox.upmobile.url}/nope`);
    expect(await upmobile.json()).toMatchObject({ status: "error", code: "not_found" });
    const topup = await fetch(`${sandbox.topup.url}/nope`);
    expect(await topup.json()).toMatchObject({ disbursement_status: "failed", status_code: "404" });
  });
});
