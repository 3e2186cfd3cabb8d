import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { validateRequestBody as validateTopupBody } from "@contracts/topup/validators";
import { validateRequestBody, validateRequestParams } from "@contracts/upmobile/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mocks, startMocks } from "../src/index.js";

let mocks: Mocks;
beforeAll(async () => {
  mocks = await startMocks({ ports: { upmobile: 0, topup: 0 } });
});
afterAll(() => mocks?.stop());

const mock = (alias: string) => {
  const found = mocks.mocks.find((m) => m.alias === alias);
  if (!found) throw new Error(`no ${alias} mock`);
  return found;
};

describe("startMocks", () => {
  it("starts one mock per API on 127.0.0.1, each with its own token", () => {
    expect(mocks.mocks.map((m) => m.alias).sort()).toEqual(["topup", "upmobile"]);
    for (const m of mocks.mocks) expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers a wrong token with the spec's own 401 body, not Prism's", async () => {
    const res = await fetch(`${mock("topup").url}/topup/inquire/`, { headers: { Authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      detail: "Authentication credentials were not provided.",
      disbursement_status: "failed",
      status_code: "401",
    });
  });

  it("refuses invalid parameters with the API's 400, each issue as the generated validators word it", async () => {
    const { url, token } = mock("upmobile");
    const res = await fetch(`${url}/accounts?page_size=101&page=x`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: "error", status_code: 400, code: "bad_request" });
    const expected = validateRequestParams("GetAccounts", { query: { page_size: 101, page: "x" } });
    if (expected.valid) throw new Error("the generated validators accept page=x");
    expect(body.details).toEqual(expected.errors.map((e) => ({ field: e.field, message: e.message })));
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(["page", "page_size"]);
  });

  it("refuses a JSON body that breaks a field rule with the spec's 422, before Prism sees it", async () => {
    const { url, token } = mock("upmobile");
    const sent = { amount: "-5", unknown: true };
    const res = await fetch(`${url}/withdrawals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ status: "error", status_code: 422, code: "validation_failed" });
    const expected = validateRequestBody("InitWithdrawal", sent);
    if (expected.valid) throw new Error("the generated validators accept the body");
    expect(body.details).toEqual(expected.errors.map((e) => ({ field: e.field || "body", message: e.message })));
    expect(res.headers.get("sl-violations")).toBeNull();
  });

  it("reads a form's fields by their spec types and refuses what breaks a rule, in Paymob's field map", async () => {
    const { url, token } = mock("topup");
    const form = new FormData();
    form.set("amount", "0");
    form.set("type", "from_bank_transfer");
    form.set("currency", "egyptian_pound");
    const res = await fetch(`${url}/topup/request/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    const expected = validateTopupBody("CreateTopupRequest", {
      amount: 0,
      type: "from_bank_transfer",
      currency: "egyptian_pound",
    });
    if (expected.valid) throw new Error("the generated validators accept the form");
    const byField: Record<string, string[]> = {};
    for (const e of expected.errors) byField[e.field || "body"] = [...(byField[e.field || "body"] ?? []), e.message];
    expect(body).toEqual({ disbursement_status: "failed", status_description: byField, status_code: "400" });
    expect(Object.keys(byField)).toContain("amount");
  });

  it("answers a malformed JSON body with a 400 instead of dropping the connection", async () => {
    const { url, token } = mock("upmobile");
    const res = await fetch(`${url}/withdrawals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).details).toEqual([{ field: "body", message: "The body is not valid JSON." }]);
  });

  it("names the port and the variable to change when a port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startMocks({ ports: { upmobile: port, topup: 0 } })).rejects.toThrow(
        `Port ${port} is already in use. Stop what holds it, or choose another port with UPMOBILE_MOCK_PORT=<port>.`,
      );
    } finally {
      blocker.close();
    }
  });
});
