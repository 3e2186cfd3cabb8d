import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createUpmobileClient, type ErrorResponse, type Operation, type WithdrawalRequest } from "../src/index.js";

const ACCOUNT_ID = "0f8e2c1a-3b4d-4e5f-8a9b-1c2d3e4f5a6b";
const OPERATION_ID = "5d2f7a10-8c3e-4b6a-9f1d-2e4c6a8b0d13";

const account = {
  balance: "100.00",
  created_at: "2022-02-24T00:00:00Z",
  currency_code: "USD",
  held_balance: "15.95",
  id: ACCOUNT_ID,
  name: "My Personal Account",
  status: "active",
  type: "personal",
};

const operation: Operation = {
  amount: "100.00",
  category_code: "mobile",
  created_at: "2022-02-24T00:00:00Z",
  currency_code: "RUB",
  destination: "+79999999999",
  from_account: account as Operation["from_account"],
  from_account_id: ACCOUNT_ID,
  id: OPERATION_ID,
  operator_code: "beeline",
  receiver_label: "",
  sender_label: "John Doe",
  status: "pending",
  to_account: account as Operation["to_account"],
  to_account_id: ACCOUNT_ID,
  type: "withdrawal",
};

const notFound: ErrorResponse = {
  status: "error",
  status_code: 404,
  code: "not_found",
  message: "Operation not found.",
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createUpmobileClient on the wire", () => {
  it("sends GET /accounts with the pagination query and a Bearer token, and types the envelope", async () => {
    server = await startScriptedServer(() => ({
      status: 200,
      body: { data: { accounts: [account], pages: 3 }, status: "success", status_code: 200 },
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "secret-token" });
    const { data, error, response } = await client.GET("/accounts", { params: { query: { page: 2, page_size: 50 } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.data.accounts[0]?.balance).toBe("100.00");
    expect(data?.data.pages).toBe(3);
    const [req] = server.requests;
    expect(req?.method).toBe("GET");
    expect(req?.url).toBe("/accounts?page=2&page_size=50");
    expect(req?.headers.authorization).toBe("Bearer secret-token");
  });

  it("sends the raw token when authorizationScheme is null, and calls a token function per request", async () => {
    server = await startScriptedServer(() => ({
      status: 200,
      body: { data: operation, status: "success", status_code: 200 },
    }));
    let calls = 0;
    const client = createUpmobileClient({
      baseUrl: server.url,
      authorizationScheme: null,
      token: async () => `key-${++calls}`,
    });
    await client.GET("/operations/{id}", { params: { path: { id: OPERATION_ID } } });
    await client.GET("/operations/{id}", { params: { path: { id: OPERATION_ID } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["key-1", "key-2"]);
    expect(server.requests[0]?.url).toBe(`/operations/${OPERATION_ID}`);
  });

  it("sends POST /withdrawals as JSON with every field, and returns the created operation", async () => {
    server = await startScriptedServer(() => ({
      status: 200,
      body: { data: operation, status: "success", status_code: 200 },
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const body: WithdrawalRequest = {
      account_id: ACCOUNT_ID,
      amount: "100.00",
      category_code: "mobile",
      currency_code: "RUB",
      destination: "+79999999999",
      operator_code: "beeline",
      region_code: "RU",
    };
    const { data } = await client.POST("/withdrawals", { body });
    expect(data?.data.status).toBe("pending");
    const [req] = server.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/withdrawals");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.json()).toEqual(body);
  });

  it.each([
    [400, "bad_request"],
    [401, "unauthorized"],
    [404, "not_found"],
    [400, "invalid_request"],
  ] as const)("returns a documented %i as a typed error result, not an exception", async (status, code) => {
    server = await startScriptedServer(() => ({ status, body: { ...notFound, status_code: status, code } }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const { data, error, response } = await client.GET("/operations/{id}", { params: { path: { id: OPERATION_ID } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error?.status).toBe("error");
    expect(error?.code).toBe(code);
  });

  it("rejects a relative or missing base URL up front", () => {
    expect(() => createUpmobileClient({ baseUrl: "/api" })).toThrow(/baseUrl must be an absolute http\(s\) URL/);
  });

  it("never puts the token into an error message when the token source fails", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: {} }));
    const client = createUpmobileClient({ baseUrl: server.url, token: async () => "" });
    await expect(client.GET("/accounts")).rejects.toThrow(/returned no token/);
    expect(server.requests).toHaveLength(0);
  });

  it("aborts on the caller's signal, with or without a timeout, and on a signal a middleware puts on the request", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: {}, delayMs: 2_000 }));
    const abortSoon = () => AbortSignal.timeout(30);
    for (const timeoutMs of [0, 30_000]) {
      const client = createUpmobileClient({ baseUrl: server.url, token: "t", timeoutMs });
      await expect(client.GET("/accounts", { signal: abortSoon() })).rejects.toThrow(/abort|timed? ?out/i);
      const replacing = createUpmobileClient({ baseUrl: server.url, token: "t", timeoutMs });
      replacing.use({ onRequest: ({ request }) => new Request(request, { signal: abortSoon() }) });
      await expect(replacing.GET("/accounts")).rejects.toThrow(/abort|timed? ?out/i);
    }
  });
});
