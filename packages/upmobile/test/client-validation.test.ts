import { HttpError, RequestValidationError, ResponseValidationError } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createUpmobileClient, type WithdrawalRequest } from "../src/index.js";

const valid: WithdrawalRequest = {
  account_id: "0f8e2c1a-3b4d-4e5f-8a9b-1c2d3e4f5a6b",
  amount: "100.00",
  category_code: "mobile",
  currency_code: "RUB",
  destination: "+79999999999",
  operator_code: "beeline",
  region_code: "RU",
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const okEnvelope = { data: { accounts: [], pages: 0 }, status: "success", status_code: 200 };

describe("request validation in the client (on by default)", () => {
  it("throws a RequestValidationError listing every bad field, and sends nothing", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: okEnvelope }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const bad = {
      ...valid,
      account_id: "1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p",
      amount: 100,
    } as unknown as WithdrawalRequest;
    const error = await client.POST("/withdrawals", { body: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    const { operationId, errors, kind, name } = error as RequestValidationError;
    expect({ operationId, kind, name }).toEqual({
      operationId: "InitWithdrawal",
      kind: "request-validation",
      name: "RequestValidationError",
    });
    expect(errors.map((e) => [e.path, e.keyword])).toEqual([
      ["/account_id", "format"],
      ["/amount", "type"],
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("checks query and path parameters too", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: okEnvelope }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = (await client
      .GET("/accounts", { params: { query: { page: 0, page_size: 101 } } })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error.errors.map((e) => e.path)).toEqual(["/query/page", "/query/page_size"]);
    expect(error.errors[1]?.message).toBe("page_size must be at most 100.");
    const notUuid = (await client
      .GET("/operations/{id}", { params: { path: { id: "42" } } })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(notUuid.errors.map((e) => e.path)).toEqual(["/path/id"]);
    expect(server.requests).toHaveLength(0);
  });

  it("can be switched off, and then sends what it is given", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: okEnvelope }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", validate: { request: false } });
    await client.GET("/accounts", { params: { query: { page: 0 } } });
    expect(server.requests[0]?.url).toBe("/accounts?page=0");
  });
});

describe("response validation in the client (off by default)", () => {
  const brokenPage = { data: { accounts: [{ id: "nope" }], pages: 1 }, status: "success", status_code: 200 };

  it("throws a ResponseValidationError that keeps the status and raw body", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: brokenPage }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", validate: { response: true } });
    const error = (await client.GET("/accounts").catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.status).toBe(200);
    expect(error.body).toEqual(brokenPage);
    expect(error.errors.map((e) => e.path)).toContain("/data/accounts/0/balance");
    expect(error.errors.find((e) => e.path === "/data/accounts/0/id")?.message).toMatch(/must be a UUID/);
  });

  it("leaves an undocumented status to the HTTP error, not to validation", async () => {
    server = await startScriptedServer(() => ({ status: 418, body: { teapot: true } }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", validate: { response: true } });
    const error = await client.GET("/accounts").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 418, problem: "undocumented-status", body: { teapot: true } });
  });

  it("validates documented error bodies as well as successes", async () => {
    server = await startScriptedServer(() => ({
      status: 404,
      body: { status: "error", status_code: 404, code: "gone" },
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", validate: { response: true } });
    const error = (await client
      .GET("/operations/{id}", { params: { path: { id: "5d2f7a10-8c3e-4b6a-9f1d-2e4c6a8b0d13" } } })
      .catch((e: unknown) => e)) as ResponseValidationError;
    // `code` is optional and its enum is open (the envelope is assumed); `message` is required.
    expect(error.errors.map((e) => e.path).sort()).toEqual(["/message"]);
  });

  it("passes bodies through untouched when it is off", async () => {
    server = await startScriptedServer(() => ({ status: 200, body: brokenPage }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const { data } = await client.GET("/accounts");
    expect(data).toEqual(brokenPage);
  });
});
