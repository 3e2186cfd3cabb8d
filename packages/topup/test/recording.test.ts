import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REDACTED } from "@contracts/runtime";
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { findLeaks, harProblems } from "@contracts/test-server/har";
import { afterEach, describe, expect, it } from "vitest";
import { createHarFileSink, readHarFile } from "../src/har-file.js";
import {
  createHarRecorder,
  createTopupClient,
  createTopupTokenProvider,
  type HarEntry,
  type TopupRequest,
} from "../src/index.js";
import { acceptBalanceForm, bankTransferForm, MAX_PROOF_BYTES, pendingBankRequest } from "./support/fixtures.js";

// Every secret and personal value of the exchanges below, each distinctive so a search cannot miss it.
const CREDENTIALS = {
  clientId: "client-public-0042",
  clientSecret: "client-secret-9f2e71c4",
  username: "portal-user-5d1a",
  password: "portal-password-c83b",
};
const TOKENS = {
  access1: "access-token-first-7a1e",
  refresh1: "refresh-token-first-2c9b",
  access2: "access-token-second-e05d",
  refresh2: "refresh-token-second-41f8",
};
const BANK = { number: "0044112233445566", name: "Yasmin Recorded-Holder", toNumber: "9988776655001122" };
const ACCEPT_USERNAME = "accept-user-recorded-77";

const recorded: TopupRequest = {
  ...pendingBankRequest,
  from_account_number: BANK.number,
  from_account_name: BANK.name,
  to_account_number: BANK.toNumber,
  to_account_name: "Paymob Receiving Account",
};

let server: ScriptedServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

const form = (req: RecordedRequest) => new URLSearchParams(req.body.toString());

/** A Paymob stand-in: a password grant, then a 401 on the first upload, a refresh grant and the replay. */
async function startProvider() {
  let uploads = 0;
  server = await startScriptedServer((req) => {
    if (req.url === "/o/token/") {
      const grant = form(req).get("grant_type");
      const [access, refresh] =
        grant === "password" ? [TOKENS.access1, TOKENS.refresh1] : [TOKENS.access2, TOKENS.refresh2];
      return {
        status: 200,
        headers: { "set-cookie": `csrftoken=${TOKENS.refresh1}-cookie; Path=/` },
        body: { access_token: access, token_type: "Bearer", expires_in: 3600, refresh_token: refresh, scope: "read" },
      };
    }
    if (req.url === "/topup/request/" && uploads++ === 0) {
      return { status: 401, body: { detail: "Token expired.", disbursement_status: "failed", status_code: "401" } };
    }
    if (req.url === "/topup/request/") {
      return { status: 201, body: req.headers["content-type"]?.includes("multipart") ? recorded : {} };
    }
    const page = { count: 2, next: null, previous: null, results: { status: "success", topup_requests: [recorded] } };
    page.results.topup_requests.push({ ...recorded, id: 124, username: ACCEPT_USERNAME });
    return { status: 200, body: page };
  });
  return server;
}

describe("recording the Topup client and its token provider to a HAR file", () => {
  it("writes every exchange, the token grants and a 2.8 MB proof upload, with no secret, personal value or proof byte", async () => {
    const provider = await startProvider();
    dir = await mkdtemp(join(tmpdir(), "topup-har-"));
    const sink = createHarFileSink({ path: join(dir, "topup.har") });
    const recorder = createHarRecorder({ sink });
    const token = createTopupTokenProvider({ baseUrl: provider.url, ...CREDENTIALS, recorder });
    const client = createTopupClient({ baseUrl: provider.url, token, recorder });

    const proofBytes = randomBytes(MAX_PROOF_BYTES);
    const proof = new File([proofBytes], "transfer-slip.pdf", { type: "application/pdf" });
    const created = await client.POST("/topup/request/", {
      body: { ...bankTransferForm(proof), from_account_number: BANK.number, from_account_name: BANK.name },
    });
    expect(created.data).toEqual(recorded);
    const accept = await client.POST("/topup/request/", { body: { ...acceptBalanceForm, username: ACCEPT_USERNAME } });
    expect(accept.response.status).toBe(201);
    const inquiry = await client.GET("/topup/inquire/", { params: { query: { status: "pending" } } });
    expect(inquiry.data?.count).toBe(2);
    await recorder.close();

    // The provider got the real values: the recording changed nothing that was sent.
    const grants = provider.requests.filter((r) => r.url === "/o/token/").map(form);
    expect(grants.map((g) => [g.get("grant_type"), g.get("password") ?? g.get("refresh_token")])).toEqual([
      ["password", CREDENTIALS.password],
      ["refresh_token", TOKENS.refresh1],
    ]);

    const [file, ...more] = sink.files();
    expect(more).toEqual([]);
    const bytes = await readFile(file as string);
    // A 64-byte slice of the proof, searched as bytes and as hex; it starts at a multiple of 3, so the base64 of its
    // first 63 bytes is a substring of the whole file's base64 too.
    const slice = proofBytes.subarray(300_000, 300_064);
    expect(
      findLeaks(bytes, {
        ...CREDENTIALS,
        ...TOKENS,
        bankNumber: BANK.number,
        bankName: BANK.name,
        toNumber: BANK.toNumber,
        acceptUsername: ACCEPT_USERNAME,
        proofSlice: slice,
        proofSliceHex: slice.toString("hex"),
        proofSliceBase64: slice.subarray(0, 63).toString("base64"),
      }),
    ).toEqual(["clientId"]);

    const log = JSON.parse(bytes.toString("utf8"));
    expect(harProblems(log)).toEqual([]);
    const entries: HarEntry[] = log.log.entries;
    expect(entries.map((e) => [e._operationId, e.response.status])).toEqual([
      ["ObtainToken", 200],
      ["ObtainToken", 200],
      ["CreateTopupRequest", 201],
      ["CreateTopupRequest", 201],
      ["InquireTopupRequests", 200],
    ]);
    const [password, refresh, upload, acceptUpload, page] = entries as [
      HarEntry,
      HarEntry,
      HarEntry,
      HarEntry,
      HarEntry,
    ];

    const params = (entry: HarEntry) =>
      Object.fromEntries((entry.request.postData?.params ?? []).map((p) => [p.name, p]));
    expect(params(password)).toMatchObject({
      grant_type: { value: "password" },
      password: { value: REDACTED },
      client_secret: { value: REDACTED },
      client_id: { value: CREDENTIALS.clientId },
      username: { value: expect.stringMatching(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/) },
    });
    expect(params(refresh)).toMatchObject({
      grant_type: { value: "refresh_token" },
      refresh_token: { value: REDACTED },
      client_secret: { value: REDACTED },
    });
    for (const grant of [password, refresh]) {
      expect(JSON.parse(grant.response.content.text ?? "")).toEqual({
        access_token: REDACTED,
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: REDACTED,
        scope: "read",
      });
      expect(grant.response.headers.find((h) => h.name === "set-cookie")?.value).toBe(REDACTED);
    }

    expect(upload.request.headers.find((h) => h.name === "authorization")?.value).toBe(REDACTED);
    const uploaded = params(upload);
    expect(uploaded.to_attach_proof).toEqual({
      name: "to_attach_proof",
      fileName: "transfer-slip.pdf",
      contentType: "application/pdf",
      _size: MAX_PROOF_BYTES,
      _sha256: createHash("sha256").update(proofBytes).digest("hex"),
    });
    expect(uploaded.from_bank?.value).toBe("Commercial International Bank");

    // Equal personal values give equal markers across entries: the upload's form, its answer and the inquiry.
    const answer = JSON.parse(upload.response.content.text ?? "");
    const listed = JSON.parse(page.response.content.text ?? "").results.topup_requests;
    const holder = uploaded.from_account_name?.value;
    expect(holder).toMatch(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/);
    expect([answer.from_account_name, listed[0].from_account_name, listed[1].from_account_name]).toEqual([
      holder,
      holder,
      holder,
    ]);
    expect(listed[0].from_account_number).toBe(uploaded.from_account_number?.value);
    expect(listed[1].username).toBe(params(acceptUpload).username?.value);
    expect(listed[0].username).toBeNull();
    expect(new Set([holder, listed[0].from_account_number, listed[0].to_account_number, listed[1].username]).size).toBe(
      4,
    );
    expect(recorder.stats()).toEqual({ recorded: 5, dropped: 0, sinkFailures: 0 });
  });

  it("keeps the token calls out of the recording when the provider is given no recorder", async () => {
    const provider = await startProvider();
    const entries: HarEntry[] = [];
    const recorder = createHarRecorder({ sink: (entry) => void entries.push(entry) });
    const token = createTopupTokenProvider({ baseUrl: provider.url, ...CREDENTIALS });
    const client = createTopupClient({ baseUrl: provider.url, token, recorder });
    await client.GET("/topup/inquire/");
    await recorder.flush();
    expect(entries.map((e) => e._operationId)).toEqual(["InquireTopupRequests"]);
    expect(provider.requests.map((r) => r.url)).toEqual(["/o/token/", "/topup/inquire/"]);
  });

  it("reads back a file the process never closed, up to its last whole entry", async () => {
    const provider = await startProvider();
    dir = await mkdtemp(join(tmpdir(), "topup-har-"));
    const sink = createHarFileSink({ path: join(dir, "topup.har") });
    const recorder = createHarRecorder({ sink });
    const client = createTopupClient({ baseUrl: provider.url, token: TOKENS.access1, recorder });
    await client.GET("/topup/inquire/");
    await client.GET("/topup/inquire/", { params: { query: { page: 2 } } });
    await recorder.flush();
    const log = await readHarFile(sink.files()[0] as string);
    expect(log.log.entries.map((e) => e.request.url)).toEqual([
      `${provider.url}/topup/inquire/`,
      `${provider.url}/topup/inquire/?page=2`,
    ]);
    expect(log.log.comment).toMatch(/cut before it was closed/);
  });
});
