import { findRepositoryRoot, loadSpec, readApis } from "@contracts/codegen";
import { describe, expect, it } from "vitest";
import { startTestSandbox } from "./helpers.js";

// Example-driven tools (Portman, Dredd) send the spec's own example ids and bodies. Every one of them is read from
// the spec here, never typed out again, and the sandbox must answer it with 200 for the default token.

type Json = Record<string, unknown>;
type Examples = Record<string, { value: Json }>;

const entry = readApis(findRepositoryRoot(import.meta.dirname)).find((api) => api.alias === "upmobile");
if (!entry) throw new Error("redocly.yaml names no upmobile API.");
const spec = await loadSpec(entry.specPath, true);
/** The value at `keys` in the spec; a missing step fails loudly, naming where the spec changed. */
function at(value: unknown, ...keys: string[]): Json {
  let current = value;
  for (const key of keys) {
    current = (current as Json | undefined)?.[key];
    if (current === undefined) throw new Error(`The spec has nothing at ${keys.join(" → ")}.`);
  }
  return current as Json;
}
const operation = (path: string, method: string) => at(spec, "paths", path, method);
const requestExamples = (op: Json) => at(op, "requestBody", "content", "application/json", "examples") as Examples;
const responseExamples = (op: Json, status: string) =>
  at(op, "responses", status, "content", "application/json", "examples") as Examples;

const sandbox = await startTestSandbox();
const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sandbox.upmobile.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.upmobile.token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data: Json } };
};

describe("the spec's examples succeed against the sandbox", () => {
  const getOperation = operation("/operations/{id}", "get");
  const ids = new Set<string>([
    ...((getOperation.parameters as Json[]).filter((p) => p.in === "path").map((p) => p.example) as string[]),
    ...Object.values(responseExamples(getOperation, "200")).map((e) => (e.value.data as Json).id as string),
  ]);

  it("knows both GetOperation example ids", () => {
    expect(ids.size).toBeGreaterThanOrEqual(2);
  });

  it.each([...ids])("GetOperation %s → 200, an operation of the example account", async (id) => {
    const { status, body } = await call("GET", `/operations/${id}`);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ id, from_account_id: "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d" });
  });

  it.each(Object.entries(requestExamples(operation("/withdrawals", "post"))))(
    "InitWithdrawal example %s → 200, converted into the account's currency",
    async (_name, example) => {
      const { status, body } = await call("POST", "/withdrawals", example.value);
      expect(status).toBe(200);
      const account = body.data.from_account as Json;
      expect(body.data).toMatchObject({ status: "pending", amount: example.value.amount });
      expect(account.id).toBe(example.value.account_id);
      const kinds = (body.data.breakdown as Json[]).map((item) => [item.kind, item.currency_code]);
      const crossCurrency = account.currency_code !== example.value.currency_code;
      expect(kinds).toEqual(
        crossCurrency
          ? [
              ["exchange", account.currency_code],
              ["commission", account.currency_code],
            ]
          : [["commission", example.value.currency_code]],
      );
    },
  );

  it.each(Object.entries(requestExamples(operation("/withdrawals/preview", "post"))))(
    "PreviewWithdrawal example %s → 200",
    async (_name, example) => {
      const { status, body } = await call("POST", "/withdrawals/preview", example.value);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ amount: example.value.amount });
    },
  );

  it("lists the example account of GetAccounts among the default customer's, after the RUB account", async () => {
    const exampleIds = Object.values(responseExamples(operation("/accounts", "get"), "200")).flatMap((e) =>
      ((e.value.data as Json).accounts as Json[]).map((a) => a.id),
    );
    const { body } = await call("GET", "/accounts?page_size=100");
    const listed = (body.data.accounts as Json[]).map((a) => a.id);
    expect(listed.slice(1)).toEqual(expect.arrayContaining(exampleIds));
    expect((body.data.accounts as Json[])[0]?.name).toBe("Main RUB account");
  });
});
