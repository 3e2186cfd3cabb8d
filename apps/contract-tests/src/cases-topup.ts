import { proofPdf, proofPng, withFiles } from "./fixtures.js";
import { type CaseContext, type ContractCase, caseList } from "./harness.js";
import { negativeBodies } from "./negative.js";
import { type Json, requestBody, specContext } from "./spec.js";

/** A bank transfer with a proof of the given kind. */
const withProof = (example: Json, proof: () => File): Json => ({ ...example, to_attach_proof: proof() });

/** Every Topup contract case, derived from the spec's examples, schemas and parameters. */
export async function topupCases(): Promise<ContractCase[]> {
  const spec = await specContext("topup");
  const { cases, add, addAuth, addBadQueries } = caseList(spec);

  // CreateTopupRequest
  const createOp = spec.operation("CreateTopupRequest");
  const create = requestBody(createOp);
  const upload = async (ctx: CaseContext, body: Json, options?: { token: string | undefined }) =>
    ctx.exchange(await ctx.topup(options).POST("/topup/request/", { body: body as never }));
  for (const { name, value } of create.examples) {
    add({
      operationId: "CreateTopupRequest",
      status: "201",
      check: "positive data acceptance",
      name: `accepts the spec example "${name}"`,
      run: (ctx) => upload(ctx, withFiles(createOp, value)),
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
      status: "201",
      check: "positive data acceptance",
      name: `uploads a real ${label} proof as a file part`,
      run: (ctx) => upload(ctx, withProof(bank, proof)),
    });
  }
  for (const base of [withFiles(createOp, bank), accept]) {
    for (const negative of negativeBodies(create.branches, base, "multipart")) {
      const what = `${negative.kind}: ${negative.field}`;
      add({
        operationId: "CreateTopupRequest",
        status: "400",
        check: "negative data rejection",
        expect: { kind: "client-error", rule: negative.kind, pointer: negative.pointer, what: `a form with ${what}` },
        name: `${base.type}: rejects ${what}`,
        run: (ctx) => upload(ctx, negative.body),
      });
    }
  }
  addAuth("CreateTopupRequest", (ctx, token) => upload(ctx, accept, { token }));

  // InquireTopupRequests
  const inquiry = spec.operation("InquireTopupRequests");
  const filters = Object.fromEntries(
    inquiry.facts.parameters.flatMap((p) => (p.example === undefined ? [] : [[p.name, p.example]])),
  );
  const inquire = async (ctx: CaseContext, query: Json, options?: { token: string | undefined }) =>
    ctx.exchange(await ctx.topup(options).GET("/topup/inquire/", { params: { query: query as never } }));
  add({
    operationId: "InquireTopupRequests",
    status: "200",
    check: "positive data acceptance",
    name: `lists requests with the documented filters ${JSON.stringify(filters)}`,
    run: (ctx) => inquire(ctx, filters),
  });
  addBadQueries("InquireTopupRequests", (ctx, query) => inquire(ctx, query));
  addAuth("InquireTopupRequests", (ctx, token) => inquire(ctx, {}, { token }));

  // ObtainToken: the password grant with the provider's own credentials, then the refresh grant.
  const tokenOp = spec.operation("ObtainToken");
  const tokenBody = requestBody(tokenOp);
  const passwordExample = tokenBody.examples.find((e) => e.value.grant_type === "password")?.value as Json;
  const grant = async (ctx: CaseContext, body: Json) =>
    ctx.exchange(await ctx.topup({ token: undefined }).POST("/o/token/", { body: body as never }));
  const password = (ctx: CaseContext): Json => ({ ...passwordExample, ...ctx.provider.topupCredentials });
  add({
    operationId: "ObtainToken",
    status: "200",
    check: "positive data acceptance",
    needs: ["oauth-credentials"],
    name: "issues a token pair for the password grant",
    run: (ctx) => grant(ctx, password(ctx)),
  });
  add({
    operationId: "ObtainToken",
    status: "200",
    check: "positive data acceptance",
    needs: ["oauth-credentials"],
    name: "rotates the pair for the refresh grant",
    run: async (ctx) => {
      const first = await grant(ctx, password(ctx));
      const refresh = (first.body as { refresh_token?: unknown } | null)?.refresh_token;
      if (typeof refresh !== "string")
        return ctx.skip(`the password grant answered ${first.status} without a refresh token`);
      const { username: _u, password: _p, ...client } = password(ctx);
      return grant(ctx, { ...client, grant_type: "refresh_token", refresh_token: refresh });
    },
  });
  const tokenSchema = tokenBody.schemaPointer;
  add({
    operationId: "ObtainToken",
    status: "400",
    check: "negative data rejection",
    expect: { kind: "client-error", rule: "oneOf", pointer: tokenSchema, what: "an unsupported grant_type" },
    name: "rejects an unsupported grant_type",
    run: (ctx) => grant(ctx, { ...password(ctx), grant_type: "client_credentials" }),
  });
  add({
    operationId: "ObtainToken",
    status: "400",
    check: "negative data rejection",
    expect: {
      kind: "client-error",
      rule: "required",
      pointer: tokenSchema,
      what: "a password grant without a password",
    },
    name: "rejects a password grant without a password",
    run: (ctx) => {
      const { password: _p, ...rest } = password(ctx);
      return grant(ctx, rest);
    },
  });
  add({
    operationId: "ObtainToken",
    status: "401",
    check: "ignored auth",
    expect: { kind: "unauthorized" },
    needs: ["oauth-credentials"],
    name: "answers 401 to a wrong client secret",
    run: (ctx) => grant(ctx, { ...password(ctx), client_secret: "wrong-secret" }),
  });
  return cases;
}
