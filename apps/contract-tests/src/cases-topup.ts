import { proofPdf, proofPng } from "./fixtures.js";
import type { CaseContext, ContractCase, Exchange } from "./harness.js";
import { exchange } from "./harness.js";
import { negativeBodies } from "./negative.js";
import { operation, parameters, requestBody } from "./spec.js";

type Json = Record<string, unknown>;

const prefer = (code: number) => ({ Prefer: `code=${code}` });

/** A spec example made sendable: the proof placeholder becomes a real file. */
const withProof = (example: Json, proof: () => File = proofPdf): Json =>
  "to_attach_proof" in example ? { ...example, to_attach_proof: proof() } : example;

/** Every Paymob Topup contract case, derived from the spec's examples and schemas. */
export async function topupCases(): Promise<ContractCase[]> {
  const cases: ContractCase[] = [];
  const add = (c: Omit<ContractCase, "api">) => cases.push({ api: "topup", ...c });

  // CreateTopupRequest
  const create = requestBody(await operation("topup", "CreateTopupRequest"));
  const upload = async (ctx: CaseContext, body: Json, token?: string | null): Promise<Exchange> => {
    const client = token === undefined ? ctx.topup() : ctx.topup({ token: token ?? undefined });
    return exchange(await client.POST("/topup/request/", { body: body as never }));
  };
  for (const { name, value } of create.examples) {
    add({
      operationId: "CreateTopupRequest",
      status: 201,
      check: "positive data acceptance",
      name: `accepts the spec example "${name}"`,
      run: (ctx) => upload(ctx, withProof(value)),
    });
  }
  const bank = create.examples.find((e) => e.value.type === "from_bank_transfer")?.value as Json;
  const accept = create.examples.find((e) => e.value.type === "from_accept_balance")?.value as Json;
  for (const [label, proof] of [
    ["PDF", proofPdf],
    ["PNG", proofPng],
  ] as const) {
    add({
      operationId: "CreateTopupRequest",
      status: 201,
      check: "multipart upload",
      name: `uploads a real ${label} proof as a file part`,
      run: (ctx) => upload(ctx, withProof(bank, proof)),
    });
  }
  for (const base of [withProof(bank), accept]) {
    for (const negative of negativeBodies(create.schema, base, "multipart")) {
      add({
        operationId: "CreateTopupRequest",
        status: 400,
        anyClientError: true,
        check: "negative data rejection",
        name: `${base.type}: rejects ${negative.kind}: ${negative.field}`,
        run: (ctx) => upload(ctx, negative.body),
      });
    }
  }
  add({
    operationId: "CreateTopupRequest",
    status: 401,
    check: "ignored auth",
    name: "answers 401 without a token",
    run: (ctx) => upload(ctx, accept, null),
  });
  add({
    operationId: "CreateTopupRequest",
    status: 401,
    check: "ignored auth",
    name: "answers 401 to a wrong token",
    run: (ctx) => upload(ctx, accept, "wrong-token"),
  });

  // InquireTopupRequests
  const inquiry = await operation("topup", "InquireTopupRequests");
  const filters = Object.fromEntries(
    parameters(inquiry).flatMap((p) => (p.example === undefined ? [] : [[p.name, p.example]])),
  );
  const inquire = async (ctx: CaseContext, query: Json, token?: string | null) => {
    const client = token === undefined ? ctx.topup() : ctx.topup({ token: token ?? undefined });
    return exchange(await client.GET("/topup/inquire/", { params: { query: query as never } }));
  };
  add({
    operationId: "InquireTopupRequests",
    status: 200,
    check: "positive data acceptance",
    name: `lists requests with the documented filters ${JSON.stringify(filters)}`,
    run: (ctx) => inquire(ctx, filters),
  });
  for (const [what, query] of [
    ["page_size above 100", { page_size: 101 }],
    ["page 0", { page: 0 }],
    ["a status not in the enum", { status: "NOT_A_STATUS" }],
    ["a from_date that is not a date", { from_date: "15/01/2024" }],
  ] as const) {
    add({
      operationId: "InquireTopupRequests",
      status: 400,
      anyClientError: true,
      check: "negative data rejection",
      name: `rejects ${what}`,
      run: (ctx) => inquire(ctx, query),
    });
  }
  add({
    operationId: "InquireTopupRequests",
    status: 401,
    check: "ignored auth",
    name: "answers 401 without a token",
    run: (ctx) => inquire(ctx, {}, null),
  });
  add({
    operationId: "InquireTopupRequests",
    status: 401,
    check: "ignored auth",
    name: "answers 401 to a wrong token",
    run: (ctx) => inquire(ctx, {}, "wrong-token"),
  });

  // ObtainToken: the password grant, then the refresh grant with the refresh token it returned.
  const tokenExamples = requestBody(await operation("topup", "ObtainToken")).examples;
  const passwordExample = tokenExamples.find((e) => e.value.grant_type === "password")?.value as Json;
  const grant = async (ctx: CaseContext, body: Json, headers?: Record<string, string>) =>
    exchange(await ctx.topup({ token: undefined }).POST("/o/token/", { body: body as never, headers }));
  const password = (ctx: CaseContext) => ({ ...passwordExample, ...ctx.provider.topupCredentials });
  add({
    operationId: "ObtainToken",
    status: 200,
    check: "positive data acceptance",
    name: "issues a token pair for the password grant",
    run: (ctx) => grant(ctx, password(ctx)),
  });
  add({
    operationId: "ObtainToken",
    status: 200,
    check: "positive data acceptance",
    name: "rotates the pair for the refresh grant",
    run: async (ctx) => {
      const first = await grant(ctx, password(ctx));
      const refresh = (first.body as { refresh_token?: string }).refresh_token;
      const { username: _u, password: _p, ...client } = password(ctx);
      return grant(ctx, { ...client, grant_type: "refresh_token", refresh_token: refresh });
    },
  });
  add({
    operationId: "ObtainToken",
    status: 400,
    anyClientError: true,
    check: "negative data rejection",
    name: "rejects an unsupported grant_type",
    run: (ctx) => grant(ctx, { ...password(ctx), grant_type: "client_credentials" }),
  });
  add({
    operationId: "ObtainToken",
    status: 400,
    anyClientError: true,
    check: "negative data rejection",
    name: "rejects a password grant without a password",
    run: (ctx) => {
      const { password: _p, ...rest } = password(ctx);
      return grant(ctx, rest);
    },
  });
  add({
    operationId: "ObtainToken",
    status: 401,
    check: "ignored auth",
    name: "answers 401 to a wrong client secret",
    run: (ctx) => grant(ctx, { ...password(ctx), client_secret: "wrong-secret" }, prefer(401)),
  });
  return cases;
}
