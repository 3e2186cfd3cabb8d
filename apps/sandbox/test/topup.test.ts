import { createTopupClient, createTopupTokenProvider } from "@contracts/topup";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PROOF_BYTES } from "../src/topup/routes.js";
import { pdf, startTestSandbox, topupClient } from "./helpers.js";

const sandbox = await startTestSandbox();
/** A second sandbox whose requests only the inquiry tests make. */
const fresh = await startTestSandbox();
const client = topupClient(sandbox);
const today = new Date().toISOString().slice(0, 10);

const bankTransfer = (overrides: Record<string, unknown> = {}) => ({
  amount: 1000,
  type: "from_bank_transfer" as const,
  currency: "egyptian_pound" as const,
  from_bank: "Commercial International Bank",
  from_account_number: "0001234567",
  from_account_name: "John Doe",
  from_date: "2024-01-15",
  to_attach_proof: pdf(1024),
  ...overrides,
});

/** A token-endpoint call with a raw form, to see exactly what the server answers. */
async function token(form: Record<string, string>) {
  const res = await fetch(`${sandbox.topup.url}/o/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("CreateTopupRequest", () => {
  it("records a bank transfer with its proof and answers 201 with the full record", async () => {
    const { data, response } = await client.POST("/topup/request/", { body: bankTransfer() });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({
      client_id: 456,
      amount: "1000.00",
      transfer_type: "from_bank_transfer",
      username: null,
      from_account_number: "0001234567",
      to_bank: "CIB",
      from_date: "2024-01-15",
      automatic: false,
      accept_balance_transfer_id: null,
      status: "pending",
      reason: null,
    });
    expect(data?.to_attach_proof).toBe(`/media/transfer_request_attach/${data?.id}_proof.pdf`);
  });

  it("records an Accept balance transfer with the bank fields null", async () => {
    const { data } = await client.POST("/topup/request/", {
      body: { amount: 500, type: "from_accept_balance", currency: "egyptian_pound", username: "accept_user_123" },
    });
    expect(data).toMatchObject({
      username: "accept_user_123",
      from_bank: null,
      to_attach_proof: null,
      from_date: null,
    });
  });

  it("approves a trust user's bank transfer of today or yesterday at once, and leaves older ones pending", async () => {
    const provider = createTopupTokenProvider({
      baseUrl: sandbox.topup.url,
      clientId: sandbox.topupTrustedCredentials.client_id,
      clientSecret: sandbox.topupTrustedCredentials.client_secret,
      username: sandbox.topupTrustedCredentials.username,
      password: sandbox.topupTrustedCredentials.password,
    });
    const trusted = createTopupClient({ baseUrl: sandbox.topup.url, token: provider, validate: { response: true } });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const from_date of [today, yesterday]) {
      const { data } = await trusted.POST("/topup/request/", { body: bankTransfer({ from_date }) });
      expect(data).toMatchObject({ client_id: 457, automatic: true, status: "approved", trust_user: true });
    }
    const old = await trusted.POST("/topup/request/", { body: bankTransfer({ from_date: "2024-01-15" }) });
    expect(old.data).toMatchObject({ automatic: false, status: "pending" });
    const normal = await client.POST("/topup/request/", { body: bankTransfer({ from_date: today }) });
    expect(normal.data).toMatchObject({ automatic: false, status: "pending" });
  });

  it("accepts a proof of exactly the limit and rejects one more byte with Paymob's body", async () => {
    const unchecked = topupClient(sandbox, sandbox.topup.token, false);
    const exact = await unchecked.POST("/topup/request/", {
      body: bankTransfer({ to_attach_proof: pdf(MAX_PROOF_BYTES) }),
    });
    expect(exact.response.status).toBe(201);
    const over = await unchecked.POST("/topup/request/", {
      body: bankTransfer({ to_attach_proof: pdf(MAX_PROOF_BYTES + 1) }),
    });
    expect(over.response.status).toBe(400);
    expect(over.error).toEqual({
      disbursement_status: "failed",
      status_description: { to_attach_proof: ["The uploaded attachment size must be less than 3 MB"] },
      status_code: "400",
    });
  });

  it("answers 400 with messages per field for a form that breaks the rules", async () => {
    const unchecked = topupClient(sandbox, sandbox.topup.token, false);
    const { error, response } = await unchecked.POST("/topup/request/", {
      body: { amount: 1000, type: "from_bank_transfer", currency: "egyptian_pound", username: "x" } as never,
    });
    expect(response.status).toBe(400);
    const fields = Object.keys((error as { status_description: Record<string, string[]> }).status_description);
    expect(fields.sort()).toEqual(
      ["from_account_name", "from_account_number", "from_bank", "from_date", "to_attach_proof", "username"].sort(),
    );
    const wrongType = await unchecked.POST("/topup/request/", {
      body: bankTransfer({ to_attach_proof: new File(["x"], "proof.txt", { type: "text/plain" }) }),
    });
    expect(wrongType.error).toMatchObject({ status_description: { to_attach_proof: [expect.any(String)] } });
  });

  it("rejects an amount below Paymob's minimum of 100", async () => {
    const { error } = await client.POST("/topup/request/", { body: bankTransfer({ amount: 99 }) });
    expect(error).toMatchObject({ status_description: { amount: [expect.stringContaining("100")] } });
  });

  it("answers 401 with detail without a token or with a wrong one", async () => {
    for (const headers of [{}, { Authorization: "Bearer nope" }] as Record<string, string>[]) {
      const res = await fetch(`${sandbox.topup.url}/topup/inquire/`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        disbursement_status: "failed",
        status_code: "401",
        detail: expect.any(String),
      });
    }
  });
});

describe("InquireTopupRequests", () => {
  const own = topupClient(fresh);
  beforeAll(async () => {
    for (let i = 0; i < 12; i++) {
      await own.POST("/topup/request/", {
        body: { amount: 100 + i, type: "from_accept_balance", currency: "egyptian_pound", username: `u${i}` },
      });
    }
  });

  it("pages the client's requests, newest first, with absolute next and previous links", async () => {
    const first = await own.GET("/topup/inquire/", { params: { query: { page_size: 5 } } });
    expect(first.data?.count).toBe(15); // 3 seeded + 12 new
    expect(first.data?.previous).toBeNull();
    expect(first.data?.results.topup_requests.map((t) => t.amount)).toEqual([
      "111.00",
      "110.00",
      "109.00",
      "108.00",
      "107.00",
    ]);
    const next = new URL(first.data?.next ?? "");
    expect(next.origin).toBe(new URL(fresh.url).origin);
    expect(Object.fromEntries(next.searchParams)).toEqual({ page: "2", page_size: "5" });
    const last = await own.GET("/topup/inquire/", { params: { query: { page: 3, page_size: 5 } } });
    expect(last.data?.next).toBeNull();
    expect(new URL(last.data?.previous ?? "").searchParams.get("page")).toBe("2");
    expect(last.data?.results.topup_requests.map((t) => t.id)).toEqual([105, 104, 103, 102, 101]);
  });

  it("filters by status and by creation date, inclusive", async () => {
    const rejected = await own.GET("/topup/inquire/", { params: { query: { status: "rejected" } } });
    expect(rejected.data?.results.topup_requests.map((t) => t.id)).toEqual([102]);
    const january = await own.GET("/topup/inquire/", {
      params: { query: { from_date: "2024-01-10", to_date: "2024-01-20" } },
    });
    expect(january.data?.results.topup_requests.map((t) => t.id)).toEqual([102, 101]);
    const todays = await own.GET("/topup/inquire/", { params: { query: { from_date: today, to_date: today } } });
    expect(todays.data?.count).toBe(12);
  });

  it("shows a client only its own requests", async () => {
    const trusted = topupClient(fresh, fresh.tokens.topupTrusted);
    const { data } = await trusted.GET("/topup/inquire/", {});
    expect(data).toEqual({ count: 0, next: null, previous: null, results: { status: "success", topup_requests: [] } });
  });

  it("answers 400 with messages per parameter", async () => {
    const res = await fetch(`${fresh.topup.url}/topup/inquire/?page=0&page_size=101&status=done&from_date=15/01/2024`, {
      headers: { Authorization: `Bearer ${fresh.topup.token}` },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { status_description: Record<string, string[]> };
    expect(Object.keys(body.status_description).sort()).toEqual(["from_date", "page", "page_size", "status"]);
  });
});

describe("ObtainToken", () => {
  const credentials = sandbox.topupCredentials;
  const { username: _u, password: _p, ...app } = credentials;

  it("issues a pair for the password grant that the top-up endpoints accept", async () => {
    const { status, body } = await token({ grant_type: "password", ...credentials });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const { response } = await topupClient(sandbox, body.access_token).GET("/topup/inquire/", {});
    expect(response.status).toBe(200);
  });

  it("rotates refresh tokens: each works once, and the replaced access token stops working", async () => {
    const first = (await token({ grant_type: "password", ...credentials })).body;
    const second = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "", ...app });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reused = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "", ...app });
    expect(reused).toEqual({ status: 400, body: { error: "invalid_grant", error_description: expect.any(String) } });
    const old = await topupClient(sandbox, first.access_token).GET("/topup/inquire/", {});
    expect(old.response.status).toBe(401);
    const current = await topupClient(sandbox, second.body.access_token).GET("/topup/inquire/", {});
    expect(current.response.status).toBe(200);
  });

  it("answers 401 invalid_client for a wrong client secret and 400 for bad grants", async () => {
    expect(await token({ grant_type: "password", ...credentials, client_secret: "wrong" })).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await token({ grant_type: "password", ...credentials, password: "wrong" })).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
    expect(await token({ grant_type: "client_credentials", ...app })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await token({ grant_type: "password", ...app })).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
  });

  it("drives the generated token provider, which logs in and refreshes on its own", async () => {
    let now = Date.now();
    const provider = createTopupTokenProvider({
      baseUrl: sandbox.topup.url,
      clientId: credentials.client_id,
      clientSecret: credentials.client_secret,
      username: credentials.username,
      password: credentials.password,
      now: () => now,
    });
    const first = await provider.getToken();
    now += 3_600_000; // past expiry on the provider's clock: it refreshes with the rotating refresh token
    const second = await provider.getToken();
    expect(second).not.toBe(first);
    const { response } = await topupClient(sandbox, second).GET("/topup/inquire/", {});
    expect(response.status).toBe(200);
  });
});
