import type { operations } from "@contracts/upmobile/spec";
import { validateResponseBody } from "@contracts/upmobile/validators";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.js";
import { ContractViolation, createResponder } from "../src/validation.js";
import { startTestSandbox } from "./helpers.js";

describe("startSandbox", () => {
  it("listens on a free port with port 0 and returns the shape the contract suite reads", async () => {
    const sandbox = await startTestSandbox();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.upmobile.url).toBe(`${sandbox.url}/upmobile`);
    expect(sandbox.topup.url).toBe(`${sandbox.url}/topup`);
    expect(Object.keys(sandbox.topupCredentials).sort()).toEqual([
      "client_id",
      "client_secret",
      "password",
      "username",
    ]);
    expect(Object.values(sandbox.tokens)).toContain(sandbox.upmobile.token);
    expect(Object.values(sandbox.tokens)).toContain(sandbox.topup.token);
  });

  it("fails with a message naming SANDBOX_PORT when the port is taken", async () => {
    const first = await startTestSandbox();
    const port = Number(new URL(first.url).port);
    await expect(startSandbox({ port })).rejects.toThrow(/already in use.*SANDBOX_PORT=/);
  });

  it("stops cleanly, and stopping twice is harmless", async () => {
    const sandbox = await startSandbox({ port: 0 });
    await Promise.all([sandbox.stop(), sandbox.stop()]);
    await expect(fetch(`${sandbox.upmobile.url}/accounts`)).rejects.toThrow();
  });
});

describe("response validation", () => {
  it("turns a response that breaks the spec into a ContractViolation (a 500), and lets a valid one through", async () => {
    const reply = createResponder<operations>(validateResponseBody);
    const app = new Hono();
    let caught: unknown;
    app.onError((error, c) => {
      caught = error;
      return c.text("bug", 500);
    });
    app.get("/bad", (c) =>
      reply(c, "GetAccounts", 200, { data: { accounts: [], pages: -1 }, status: "success", status_code: 200 }),
    );
    app.get("/good", (c) =>
      reply(c, "GetAccounts", 200, { data: { accounts: [], pages: 0 }, status: "success", status_code: 200 }),
    );
    expect((await app.request("/good")).status).toBe(200);
    expect((await app.request("/bad")).status).toBe(500);
    expect(caught).toBeInstanceOf(ContractViolation);
    expect((caught as ContractViolation).issues.map((i) => i.path)).toEqual(["/data/pages"]);
  });
});
