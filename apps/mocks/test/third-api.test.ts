import { loadApi, readApis } from "@contracts/codegen";
import { TEST_API, TEST_REGISTRY_ROOT } from "@contracts/test-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMockedApis } from "../src/apis.js";
import { type Mocks, startMocks } from "../src/index.js";

// A third API that no line of the mocks was written for: its spec and one registry entry must be all it takes.
const [entry] = readApis(TEST_REGISTRY_ROOT);
if (!entry) throw new Error("The test registry names no API.");
const { facts } = await loadApi(entry);
const example = (operationId: string, status: string) =>
  facts.operations[operationId]?.responses[status]?.examples[0]?.value;

let mocks: Mocks;
beforeAll(async () => {
  mocks = await startMocks({ root: TEST_REGISTRY_ROOT, anyPorts: true, log: () => {} });
});
afterAll(() => mocks?.stop());

const refunds = () => {
  const [mock] = mocks.mocks;
  if (!mock) throw new Error("no mock started");
  return mock;
};

describe("a third API from the test registry", () => {
  it("gets its settings from its alias and its place in the registry", async () => {
    const [api] = await loadMockedApis(TEST_REGISTRY_ROOT);
    expect(api).toMatchObject({
      alias: TEST_API,
      defaultPort: 4010,
      portEnv: "REFUNDS_MOCK_PORT",
      token: "mock-refunds-token",
    });
    expect(mocks.mocks.map((m) => m.alias)).toEqual([TEST_API]);
  });

  it("refuses a missing token with the spec's own 401 body", async () => {
    const res = await fetch(`${refunds().url}/refunds`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(example("ListRefunds", "401"));
  });

  it("serves the documented examples to its token", async () => {
    const { url, token } = refunds();
    const headers = { Authorization: `Bearer ${token}` };
    const list = await fetch(`${url}/refunds?page=1`, { headers });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual(example("ListRefunds", "200"));
    const one = await fetch(`${url}/refunds/5f0c9b7e-8d1a-4c2e-9b3f-2a6d8e4c1b70`, { headers });
    expect(await one.json()).toEqual(example("GetRefund", "200"));
  });

  it("answers bad input in the API's own error shape, its schema's fields and no others", async () => {
    const { url, token } = refunds();
    const res = await fetch(`${url}/refunds`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: "invalid_request", message: "The body is not valid JSON." });
    const unknown = await fetch(`${url}/payments`, { headers: { Authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(Object.keys(await unknown.json()).sort()).toEqual(["code", "message"]);
  });

  it("refuses a body and a parameter that break the spec's rules, with its validators' issues in its own error shape", async () => {
    const { url, token } = refunds();
    const headers = { Authorization: `Bearer ${token}`, "content-type": "application/json" };
    const body = await fetch(`${url}/refunds`, {
      method: "POST",
      headers,
      body: JSON.stringify({ amount: "1.00" }),
    });
    expect(body.status).toBe(400);
    expect(await body.json()).toEqual({ code: "invalid_request", message: "The request body has invalid fields." });
    const param = await fetch(`${url}/refunds/not-a-uuid`, { headers });
    expect(param.status).toBe(400);
    expect(await param.json()).toEqual({ code: "invalid_request", message: "The request has invalid parameters." });
  });
});
