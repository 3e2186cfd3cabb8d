import type { Account, UpmobileClient } from "@contracts/upmobile";
import { type CaseContext, type ContractCase, caseList } from "./harness.js";
import { negativeBodies } from "./negative.js";
import { type Json, requestBody, specContext } from "./spec.js";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** The caller's first account in `currency`, else its first account (a provider may convert). */
export async function accountFor(ctx: CaseContext, currency: unknown): Promise<Account> {
  const { data, response } = await ctx.upmobile().GET("/accounts", { params: { query: { page: 1, page_size: 100 } } });
  const accounts = data?.data.accounts ?? [];
  const account = accounts.find((a) => a.currency_code === currency) ?? accounts[0];
  if (!account)
    return ctx.skip(`the provider lists no account for the token (GetAccounts answered ${response.status})`);
  return account;
}

/** Every Upmobile contract case, derived from the spec's examples, schemas and parameters. */
export async function upmobileCases(): Promise<ContractCase[]> {
  const spec = await specContext("upmobile");
  const { cases, add, addAuth, addBadQueries } = caseList(spec);

  // GetAccounts
  const query = Object.fromEntries(spec.operation("GetAccounts").facts.parameters.map((p) => [p.name, p.example]));
  add({
    operationId: "GetAccounts",
    status: "200",
    check: "positive data acceptance",
    name: `lists accounts with the documented query ${JSON.stringify(query)}`,
    run: async (ctx) => ctx.exchange(await ctx.upmobile().GET("/accounts", { params: { query } })),
  });
  addBadQueries("GetAccounts", async (ctx, bad) =>
    ctx.exchange(await ctx.upmobile().GET("/accounts", { params: { query: bad as never } })),
  );

  // GetOperation
  add({
    operationId: "GetOperation",
    status: "400",
    check: "negative data rejection",
    expect: {
      kind: "client-error",
      rule: "format",
      pointer: `${spec.operation("GetOperation").facts.parameters.find((p) => p.name === "id")?.pointer}/schema`,
      what: "an id that is not a UUID",
    },
    name: "rejects an id that is not a UUID",
    run: async (ctx) =>
      ctx.exchange(await ctx.upmobile().GET("/operations/{id}", { params: { path: { id: "not-a-uuid" } } })),
  });
  add({
    operationId: "GetOperation",
    status: "404",
    check: "positive data acceptance",
    expect: { kind: "status", status: "404" },
    needs: ["state"],
    name: "answers 404 for an operation that does not exist",
    run: async (ctx) =>
      ctx.exchange(await ctx.upmobile().GET("/operations/{id}", { params: { path: { id: UNKNOWN_ID } } })),
  });

  // PreviewWithdrawal and InitWithdrawal share their shape of cases.
  for (const [operationId, path] of [
    ["PreviewWithdrawal", "/withdrawals/preview"],
    ["InitWithdrawal", "/withdrawals"],
  ] as const) {
    const op = spec.operation(operationId);
    const { branches, examples } = requestBody(op);
    const send = async (ctx: CaseContext, body: Json) =>
      ctx.exchange(await ctx.upmobile().POST(path, { body: body as never }));
    // A positive withdrawal must name an account the provider knows.
    const sendValid = async (ctx: CaseContext, body: Json) =>
      send(
        ctx,
        operationId === "InitWithdrawal"
          ? { ...body, account_id: (await accountFor(ctx, body.currency_code)).id }
          : body,
      );
    for (const { name, value } of examples) {
      add({
        operationId,
        status: "200",
        check: "positive data acceptance",
        name: `accepts the spec example "${name}"`,
        calls: operationId === "InitWithdrawal" ? ["GetAccounts"] : [],
        run: (ctx) => sendValid(ctx, value),
      });
    }
    const valid = examples[0]?.value as Json;
    for (const negative of negativeBodies(branches, valid, "json")) {
      const what = `${negative.kind}: ${negative.field}`;
      add({
        operationId,
        status: "422",
        check: "negative data rejection",
        expect: { kind: "client-error", rule: negative.kind, pointer: negative.pointer, what: `a body with ${what}` },
        name: `rejects ${what}`,
        run: (ctx) => send(ctx, negative.body),
      });
    }
    add({
      operationId,
      status: "400",
      check: "negative data rejection",
      expect: {
        kind: "client-error",
        rule: "json",
        pointer: `${op.pointer}/requestBody`,
        what: "a body that is not JSON",
      },
      name: "answers 400 to a body that is not JSON",
      run: async (ctx) =>
        ctx.exchange(await ctx.upmobile().POST(path, { body: valid as never, bodySerializer: () => "{not json" })),
    });
    if (operationId === "InitWithdrawal") {
      add({
        operationId,
        status: "404",
        check: "positive data acceptance",
        expect: { kind: "status", status: "404" },
        needs: ["state"],
        name: "answers 404 for an account that does not exist",
        run: (ctx) => send(ctx, { ...valid, account_id: UNKNOWN_ID }),
      });
    }
  }

  // Ignored auth: no token, and a wrong one, on every operation (all are secured).
  const preview = requestBody(spec.operation("PreviewWithdrawal")).examples[0]?.value as Json;
  const withdrawal = requestBody(spec.operation("InitWithdrawal")).examples[0]?.value as Json;
  const auth = (operationId: string, call: (client: UpmobileClient) => Promise<{ response: Response }>) =>
    addAuth(operationId, async (ctx, token) => ctx.exchange(await call(ctx.upmobile({ token }))));
  auth("GetAccounts", (client) => client.GET("/accounts"));
  auth("GetOperation", (client) => client.GET("/operations/{id}", { params: { path: { id: UNKNOWN_ID } } }));
  auth("PreviewWithdrawal", (client) => client.POST("/withdrawals/preview", { body: preview as never }));
  auth("InitWithdrawal", (client) =>
    client.POST("/withdrawals", { body: { ...withdrawal, account_id: UNKNOWN_ID } as never }),
  );
  return cases;
}
