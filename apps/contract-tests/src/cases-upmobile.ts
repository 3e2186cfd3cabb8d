import type { ContractCase, Exchange } from "./harness.js";
import { exchange } from "./harness.js";
import { negativeBodies } from "./negative.js";
import { operation, parameters, requestBody } from "./spec.js";

type Json = Record<string, unknown>;

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const prefer = (code: number) => ({ Prefer: `code=${code}` });

/** Every Upmobile contract case, derived from the spec's examples and schemas. */
export async function upmobileCases(): Promise<ContractCase[]> {
  const cases: ContractCase[] = [];
  const add = (c: Omit<ContractCase, "api">) => cases.push({ api: "upmobile", ...c });

  // The caller's first account, so that a withdrawal names an account the provider knows.
  const firstAccount = async (ctx: Parameters<ContractCase["run"]>[0]) => {
    const { data } = await ctx.upmobile().GET("/accounts", { params: { query: { page: 1, page_size: 1 } } });
    const account = data?.data.accounts[0];
    if (!account) throw new Error("The provider lists no account for the token; a withdrawal needs one.");
    return account;
  };

  // GetAccounts
  const listing = await operation("upmobile", "GetAccounts");
  const query = Object.fromEntries(parameters(listing).map((p) => [p.name, p.example]));
  add({
    operationId: "GetAccounts",
    status: 200,
    check: "positive data acceptance",
    name: `lists accounts with the documented query ${JSON.stringify(query)}`,
    run: async (ctx) => exchange(await ctx.upmobile().GET("/accounts", { params: { query } })),
  });
  for (const p of parameters(listing)) {
    const bad: Array<[string, unknown]> = [["wrong type", "abc"]];
    if (typeof p.schema.minimum === "number") bad.push(["below minimum", p.schema.minimum - 1]);
    if (typeof p.schema.maximum === "number") bad.push(["above maximum", p.schema.maximum + 1]);
    for (const [kind, value] of bad) {
      add({
        operationId: "GetAccounts",
        status: 400,
        anyClientError: true,
        check: "negative data rejection",
        name: `rejects ${p.name} ${kind} (${JSON.stringify(value)})`,
        run: async (ctx) =>
          exchange(await ctx.upmobile().GET("/accounts", { params: { query: { [p.name]: value } as never } })),
      });
    }
  }

  // GetOperation
  add({
    operationId: "GetOperation",
    status: 200,
    check: "positive data acceptance",
    name: "reads back the operation a withdrawal created",
    run: async (ctx) => {
      const example = requestBody(await operation("upmobile", "InitWithdrawal")).examples[0]?.value as Json;
      const account = await firstAccount(ctx);
      const body = { ...example, account_id: account.id } as never;
      const created = await ctx.upmobile().POST("/withdrawals", { body });
      const id = created.data?.data.id;
      if (!id) throw new Error(`InitWithdrawal answered ${created.response.status}; no operation to read back.`);
      return exchange(await ctx.upmobile().GET("/operations/{id}", { params: { path: { id } } }));
    },
  });
  add({
    operationId: "GetOperation",
    status: 400,
    anyClientError: true,
    check: "negative data rejection",
    name: "rejects an id that is not a UUID",
    run: async (ctx) =>
      exchange(await ctx.upmobile().GET("/operations/{id}", { params: { path: { id: "not-a-uuid" } } })),
  });
  add({
    operationId: "GetOperation",
    status: 404,
    check: "documented error",
    name: "answers 404 for an operation that does not exist",
    run: async (ctx) =>
      exchange(
        await ctx.upmobile().GET("/operations/{id}", { params: { path: { id: UNKNOWN_ID } }, headers: prefer(404) }),
      ),
  });

  // PreviewWithdrawal and InitWithdrawal share their shape of cases.
  for (const [operationId, path] of [
    ["PreviewWithdrawal", "/withdrawals/preview"],
    ["InitWithdrawal", "/withdrawals"],
  ] as const) {
    const op = await operation("upmobile", operationId);
    const { schema, examples } = requestBody(op);
    const send = async (ctx: Parameters<ContractCase["run"]>[0], body: Json, headers?: Record<string, string>) =>
      exchange(await ctx.upmobile().POST(path, { body: body as never, headers }));
    // A positive withdrawal must name an account the provider knows: the caller's first.
    const sendValid = async (ctx: Parameters<ContractCase["run"]>[0], body: Json) =>
      send(ctx, operationId === "InitWithdrawal" ? { ...body, account_id: (await firstAccount(ctx)).id } : body);
    for (const { name, value } of examples) {
      add({
        operationId,
        status: 200,
        check: "positive data acceptance",
        name: `accepts the spec example "${name}"`,
        run: (ctx) => sendValid(ctx, value),
      });
    }
    const valid = examples[0]?.value as Json;
    for (const negative of negativeBodies(schema, valid, "json")) {
      add({
        operationId,
        status: 422,
        anyClientError: true,
        check: "negative data rejection",
        name: `rejects ${negative.kind}: ${negative.field}`,
        run: (ctx) => send(ctx, negative.body),
      });
    }
    add({
      operationId,
      status: 400,
      check: "negative data rejection",
      name: "answers 400 to a body that is not JSON",
      run: async (ctx): Promise<Exchange> =>
        exchange(await ctx.upmobile().POST(path, { body: valid as never, bodySerializer: () => "{not json" })),
    });
    if (operationId === "InitWithdrawal") {
      add({
        operationId,
        status: 404,
        check: "documented error",
        name: "answers 404 for an account that does not exist",
        run: (ctx) => send(ctx, { ...valid, account_id: UNKNOWN_ID }, prefer(404)),
      });
    }
  }

  // What every operation documents: 401 without a token or with a wrong one, and 500 (reachable on the mocks only).
  const calls: Array<
    [
      string,
      (
        ctx: Parameters<ContractCase["run"]>[0],
        token: string | undefined,
        headers?: Record<string, string>,
      ) => Promise<Exchange>,
    ]
  > = [
    [
      "GetAccounts",
      async (ctx, token, headers) => exchange(await ctx.upmobile({ token }).GET("/accounts", { headers })),
    ],
    [
      "GetOperation",
      async (ctx, token, headers) =>
        exchange(
          await ctx.upmobile({ token }).GET("/operations/{id}", { params: { path: { id: UNKNOWN_ID } }, headers }),
        ),
    ],
    [
      "PreviewWithdrawal",
      async (ctx, token, headers) =>
        exchange(
          await ctx.upmobile({ token }).POST("/withdrawals/preview", {
            body: requestBody(await operation("upmobile", "PreviewWithdrawal")).examples[0]?.value as never,
            headers,
          }),
        ),
    ],
    [
      "InitWithdrawal",
      async (ctx, token, headers) =>
        exchange(
          await ctx.upmobile({ token }).POST("/withdrawals", {
            body: {
              ...(requestBody(await operation("upmobile", "InitWithdrawal")).examples[0]?.value as Json),
              account_id: UNKNOWN_ID,
            } as never,
            headers,
          }),
        ),
    ],
  ];
  for (const [operationId, call] of calls) {
    add({
      operationId,
      status: 401,
      check: "ignored auth",
      name: "answers 401 without a token",
      run: (ctx) => call(ctx, undefined),
    });
    add({
      operationId,
      status: 401,
      check: "ignored auth",
      name: "answers 401 to a wrong token",
      run: (ctx) => call(ctx, "wrong-token"),
    });
    add({
      operationId,
      status: 500,
      check: "documented error",
      needsPrefer: true,
      name: "answers the documented 500 body",
      run: (ctx) => call(ctx, ctx.provider.upmobile.token, prefer(500)),
    });
  }
  return cases;
}
