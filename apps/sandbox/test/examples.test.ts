import { findRepositoryRoot, loadApiNamed } from "@contracts/codegen/registry";
import { describe, expect, it } from "vitest";
import { startTestSandbox } from "./helpers.js";

// Example-driven tools (Portman, Dredd) send the spec's own example ids and bodies. Every one of them is read from
// the spec's facts here, never typed out again, and the sandbox must answer it with 200 for the default token.

type Json = Record<string, unknown>;
const { facts: specFacts } = await loadApiNamed(findRepositoryRoot(import.meta.dirname), "upmobile");
type Example = { name: string; value: Json };

function operation(operationId: string) {
  const found = specFacts.operations[operationId];
  if (!found) throw new Error(`The spec has no ${operationId}.`);
  return found;
}
const requestExamples = (operationId: string) => (operation(operationId).requestBody?.examples ?? []) as Example[];
const responseExamples = (operationId: string, status: string) =>
  (operation(operationId).responses[status]?.examples ?? []) as Example[];

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
  const ids = new Set<string>([
    ...(operation("GetOperation")
      .parameters.filter((p) => p.in === "path")
      .map((p) => p.example) as string[]),
    ...responseExamples("GetOperation", "200").map((e) => (e.value.data as Json).id as string),
  ]);

  it("knows both GetOperation example ids", () => {
    expect(ids.size).toBeGreaterThanOrEqual(2);
  });

  it.each([...ids])("GetOperation %s → 200, an operation of the example account", async (id) => {
    const { status, body } = await call("GET", `/operations/${id}`);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ id, from_account_id: "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d" });
  });

  it.each(requestExamples("InitWithdrawal").map((e) => [e.name, e] as const))(
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

  it.each(requestExamples("PreviewWithdrawal").map((e) => [e.name, e] as const))(
    "PreviewWithdrawal example %s → 200",
    async (_name, example) => {
      const { status, body } = await call("POST", "/withdrawals/preview", example.value);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ amount: example.value.amount });
    },
  );

  it("lists the example account of GetAccounts among the default customer's, after the RUB account", async () => {
    const exampleIds = responseExamples("GetAccounts", "200").flatMap((e) =>
      ((e.value.data as Json).accounts as Json[]).map((a) => a.id),
    );
    const { body } = await call("GET", "/accounts?page_size=100");
    const listed = (body.data.accounts as Json[]).map((a) => a.id);
    expect(listed.slice(1)).toEqual(expect.arrayContaining(exampleIds));
    expect((body.data.accounts as Json[])[0]?.name).toBe("Main RUB account");
  });
});
