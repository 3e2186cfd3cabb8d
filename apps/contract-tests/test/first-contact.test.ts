import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HarEntry, HarRecorder } from "@contracts/runtime";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { findLeaks } from "@contracts/test-server/har";
import { createTopupClient, createTopupTokenProvider } from "@contracts/topup";
import {
  createHarRecorder,
  createUpmobileClient,
  paginateAccounts,
  unwrap,
  waitForOperation,
} from "@contracts/upmobile";
import { createHarFileSink } from "@contracts/upmobile/har-file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindingGroup } from "../src/findings.js";
import { startVerifyingProxy } from "../src/proxy/index.js";
import { verifyHar } from "../src/verify/index.js";
import { isCall, startDriftProxy } from "./support/drift-proxy.js";
import { requestExample } from "./support/har.js";

// First contact as a team would make it, against the sandbox standing in for the provider: record a session with
// the clients, verify it; run the same session through a provider that drifts; put the verifying proxy in front.

const folder = mkdtempSync(join(tmpdir(), "first-contact-"));
const proof = Buffer.concat([Buffer.from("%PDF-1.7\n%first-contact\n"), randomBytes(2_936_012 - 24)]);
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
});
afterAll(async () => {
  await sandbox?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The session: every operation of both APIs once, a withdrawal followed to its end, and a 2.8 MB proof. */
async function session(bases: { upmobile: string; topup: string }, recorder?: HarRecorder) {
  const upmobile = createUpmobileClient({ baseUrl: bases.upmobile, token: sandbox.upmobile.token, recorder });
  const accounts = [];
  for await (const account of paginateAccounts(upmobile, { pageSize: 2 })) accounts.push(account);
  unwrap(
    "PreviewWithdrawal",
    await upmobile.POST("/withdrawals/preview", { body: requestExample("upmobile", "PreviewWithdrawal") as never }),
  );
  const started = unwrap(
    "InitWithdrawal",
    await upmobile.POST("/withdrawals", { body: requestExample("upmobile", "InitWithdrawal") as never }),
  );
  const operation = await waitForOperation(upmobile, started.data.id, {
    intervalMs: 20,
    isTerminal: (s) => s !== "pending" && s !== "processing",
  });
  const missing = await upmobile.GET("/operations/{id}", {
    params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
  });

  const { client_id, client_secret, username, password } = sandbox.topupCredentials;
  const token = createTopupTokenProvider({
    baseUrl: bases.topup,
    clientId: client_id,
    clientSecret: client_secret,
    username,
    password,
    recorder,
  });
  const topup = createTopupClient({ baseUrl: bases.topup, token, recorder });
  const created = await topup.POST("/topup/request/", {
    body: {
      ...(requestExample("topup", "CreateTopupRequest") as object),
      to_attach_proof: new File([proof], "proof.pdf", { type: "application/pdf" }),
    } as never,
  });
  const inquiry = await topup.GET("/topup/inquire/", { params: { query: { page_size: 5 } } });
  return {
    accounts,
    operation,
    missing: missing.response.status,
    created: created.response.status,
    inquiry: inquiry.response.status,
  };
}

/** Every secret and personal value the session sends or gets, and a slice of the proof's bytes. */
function needles(): Record<string, string | Uint8Array> {
  const { client_secret, username, password } = sandbox.topupCredentials;
  const withdrawal = requestExample("upmobile", "InitWithdrawal") as Record<string, string>;
  const topupRequest = requestExample("topup", "CreateTopupRequest") as Record<string, string>;
  return {
    "Upmobile token": sandbox.upmobile.token,
    "Topup client secret": client_secret,
    "Topup username": username,
    "Topup password": password,
    destination: withdrawal.destination ?? "",
    "account number": topupRequest.from_account_number ?? "",
    "account name": topupRequest.from_account_name ?? "",
    "proof bytes": proof.subarray(1_000_000, 1_000_064),
  };
}

const errors = (groups: readonly FindingGroup[]) => groups.filter((g) => g.severity === "error");

describe("first contact with a provider, on the sandbox", () => {
  it("records a session with the clients that verifies clean, and writes no secret, personal value or proof byte", async () => {
    const sink = createHarFileSink({ path: join(folder, "clients", "session.har") });
    const recorder = createHarRecorder({ sink });
    const outcome = await session({ upmobile: sandbox.upmobile.url, topup: sandbox.topup.url }, recorder);
    expect(outcome).toMatchObject({ missing: 404, created: 201, inquiry: 200 });
    await recorder.close();
    const files = sink.files();
    for (const file of files) expect(findLeaks(readFileSync(file), needles())).toEqual([]);
    const { report } = await verifyHar(files, {
      baseUrls: { upmobile: sandbox.upmobile.url, topup: sandbox.topup.url },
      reportDir: join(folder, "clients", "report"),
    });
    expect(errors(report.findings)).toEqual([]);
    expect(report.verdict).toBe("passed");
    expect(report.totals.verified).toBeGreaterThanOrEqual(9);
    expect(report.coverage.map((c) => `${c.operationId} ${c.status}`)).toEqual(
      expect.arrayContaining([
        "GetAccounts 200",
        "InitWithdrawal 200",
        "GetOperation 404",
        "ObtainToken 200",
        "CreateTopupRequest 201",
      ]),
    );
    const written = readdirSync(join(folder, "clients", "report")).map((f) =>
      readFileSync(join(folder, "clients", "report", f)),
    );
    for (const file of written) expect(findLeaks(file, needles())).toEqual([]);
  });

  it("finds a drifting provider's differences in the same session, each at its spec location", async () => {
    // The provider answers a balance as a JSON number and a top-up status the spec does not list.
    const drift = await startDriftProxy(sandbox.url, {
      response: (request, response) => {
        const body = response.body as { data?: { accounts?: Array<Record<string, unknown>> }; status?: string };
        if (isCall(request, "GET", "/upmobile/accounts") && body.data?.accounts) {
          for (const account of body.data.accounts) account.balance = Number(account.balance);
        }
        if (isCall(request, "POST", "/topup/topup/request/") && response.status === 201)
          return { ...response, body: { ...body, status: "queued" } };
        return undefined;
      },
    });
    try {
      const sink = createHarFileSink({ path: join(folder, "drift", "session.har") });
      const recorder = createHarRecorder({ sink });
      const bases = { upmobile: `${drift.url}/upmobile`, topup: `${drift.url}/topup` };
      await session(bases, recorder);
      await recorder.close();
      const { report } = await verifyHar(sink.files(), { baseUrls: bases, reportDir: join(folder, "drift", "report") });
      expect(report.verdict).toBe("failed");
      const found = errors(report.findings).map((g) => `${g.check} · ${g.rule} · ${g.spec?.pointer}`);
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^response schema conformance · type · \/components\/schemas\/\w+\/type$/),
          "response schema conformance · enum · /components/schemas/TopupStatus/enum",
        ]),
      );
      for (const group of errors(report.findings)) expect(group.spec?.line).toBeGreaterThan(0);
    } finally {
      await drift.close();
    }
  });

  it("verifies a team's own traffic through the verifying proxy, printing each new finding once", async () => {
    const drift = await startDriftProxy(sandbox.url, {
      response: (request, response) =>
        isCall(request, "GET", "/upmobile/accounts")
          ? { ...response, body: { ...(response.body as object), status: "ok" } }
          : undefined,
    });
    const printed: string[] = [];
    const onFinding = (f: { check: string; rule: string }) => printed.push(`${f.check} · ${f.rule}`);
    const upmobile = await startVerifyingProxy({
      api: "upmobile",
      upstream: `${drift.url}/upmobile`,
      harPath: join(folder, "proxy", "upmobile.har"),
      onFinding,
    });
    const topup = await startVerifyingProxy({
      api: "topup",
      upstream: sandbox.topup.url,
      harPath: join(folder, "proxy", "topup.har"),
      onFinding,
    });
    try {
      const outcome = await session({ upmobile: upmobile.url, topup: topup.url });
      expect(outcome.created).toBe(201);
    } finally {
      await drift.close();
    }
    const up = await upmobile.stop(join(folder, "proxy", "upmobile-report"));
    const top = await topup.stop(join(folder, "proxy", "topup-report"));
    // Several pages of accounts drifted the same way: one finding, printed once, seen on each page.
    expect(printed).toEqual(["response schema conformance · const"]);
    expect(errors(up.report.findings)[0]?.count).toBeGreaterThan(1);
    expect(top.report.verdict).toBe("passed");
    // The proxy's HAR holds the proof as its hash, and nothing secret or personal; it verifies on its own too.
    const files = [...up.harFiles, ...top.harFiles];
    for (const file of files) expect(findLeaks(readFileSync(file), needles())).toEqual([]);
    const proofEntry = top.harFiles
      .flatMap((f) => (JSON.parse(readFileSync(f, "utf8")) as { log: { entries: HarEntry[] } }).log.entries)
      .find((e) => e._operationId === "CreateTopupRequest");
    expect(proofEntry?.request.postData?.params?.find((p) => p.name === "to_attach_proof")).toMatchObject({
      fileName: "proof.pdf",
      _size: proof.length,
    });
    const again = await verifyHar(top.harFiles, { baseUrls: { topup: sandbox.topup.url }, reportDir: false });
    expect(again.report.verdict).toBe("passed");
  });
});
