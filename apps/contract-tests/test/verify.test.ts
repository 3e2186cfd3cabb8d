import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conformance } from "../src/checks.js";
import type { FindingGroup } from "../src/findings.js";
import { REPOSITORY_ROOT, specContext } from "../src/spec.js";
import { createStrictReader } from "../src/strict-reader.js";
import { createTrafficVerifier, renderVerifyJUnit, renderVerifyMarkdown, verifyHar } from "../src/verify/index.js";
import {
  BASE_URLS,
  cleanEntries,
  harEntry,
  harText,
  OPERATION_ID,
  requestExample,
  responseExample,
  TOPUP,
  UPMOBILE,
  writeFiles,
} from "./support/har.js";

// `contract:verify` on recorded traffic: the suite's checks on every entry that reaches an operation, the request as
// well as the answer, with the suite's findings and report.

const specLines = (api: string) =>
  readFileSync(join(REPOSITORY_ROOT, "specs", api, "openapi.yaml"), "utf8").split("\n");
const lineAt = (g: FindingGroup) => specLines(g.api)[(g.spec?.line ?? 0) - 1]?.trim() ?? "";

/** Verifies entries written to one HAR file, with both APIs' base URLs and nothing from the environment. */
async function verify(entries: unknown[], options: { explore?: boolean; raw?: string[] } = {}) {
  const { dir } = writeFiles({ "traffic.har": harText(entries, options.raw) });
  const { report } = await verifyHar(["traffic.har"], {
    cwd: dir,
    baseUrls: BASE_URLS,
    env: {},
    explore: options.explore ?? false,
    reportDir: false,
  });
  return report;
}

const group = (groups: FindingGroup[], check: string, pointer: string) => {
  const found = groups.find((g) => g.check === check && g.spec?.pointer === pointer);
  expect(
    found,
    `${check} at ${pointer}; got ${JSON.stringify(groups.map((g) => [g.check, g.spec?.pointer]))}`,
  ).toBeDefined();
  return found as FindingGroup;
};

const operation = (status: string) => {
  const body = responseExample("upmobile", "GetOperation", "200");
  (body.data as Record<string, unknown>).status = status;
  return harEntry({ url: `${UPMOBILE}/operations/${OPERATION_ID}`, body });
};

describe("recorded traffic that follows the specs", () => {
  it("verifies clean entries of both APIs with no finding, every one matched to its operation", async () => {
    const report = await verify(cleanEntries());
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe("passed");
    expect(report.totals).toMatchObject({ entries: 7, verified: 7, undocumented: 0, otherHosts: 0, unreadable: 0 });
    expect(report.coverage.map((c) => `${c.api} ${c.operationId} ${c.status}`).sort()).toEqual([
      "topup CreateTopupRequest 201",
      "topup InquireTopupRequests 200",
      "topup ObtainToken 200",
      "upmobile GetAccounts 200",
      "upmobile GetOperation 200",
      "upmobile InitWithdrawal 200",
      "upmobile PreviewWithdrawal 422",
    ]);
  });
});

describe("drift in the answers", () => {
  it("reports each drift once, with its count, spec file and line, seed or assumed, and the suggested change", async () => {
    const accounts = responseExample("upmobile", "GetAccounts", "200");
    for (const account of (accounts.data as { accounts: Array<Record<string, unknown>> }).accounts)
      account.balance = 100;
    const report = await verify([
      operation("cancelled"),
      operation("cancelled"),
      harEntry({ url: `${UPMOBILE}/accounts`, body: accounts }),
    ]);
    expect(report.verdict).toBe("failed");
    const status = group(report.findings, "response schema conformance", "/components/schemas/OperationStatus/enum");
    expect(status.count).toBe(2);
    expect(status.source).toBe("assumed");
    expect(status.spec?.file).toBe("specs/upmobile/openapi.yaml");
    expect(lineAt(status)).toMatch(/^enum: \[pending/);
    expect(status.observed).toEqual([{ pointer: "/data/status", value: "cancelled" }]);
    expect(status.suggestions[0]).toContain('`OperationStatus` lacks "cancelled"; the provider sends it.');
    expect(status.cases).toEqual(["traffic.har #0", "traffic.har #1"]);
    const balance = group(report.findings, "response schema conformance", "/components/schemas/Decimal/type");
    expect(lineAt(balance)).toBe("type: string");
    expect(balance.suggestions[0]).toContain("`Decimal` is declared string, but the provider sent 100");
    expect(report.totals.errors).toBe(3);
  });

  it("says an HTML page or an empty body was not the API's JSON, for a documented status and an undocumented one", async () => {
    const html = "<!DOCTYPE html><html><body><h1>404 Not Found</h1><p>nginx</p></body></html>";
    const report = await verify([
      harEntry({ url: `${UPMOBILE}/operations/${OPERATION_ID}`, status: 404, body: html, contentType: "text/html" }),
      harEntry({ url: `${UPMOBILE}/accounts`, status: 404, body: "", contentType: null }),
    ]);
    const page = group(report.findings, "content-type conformance", "/components/responses/NotFound/content");
    expect(page.messages[0]).toBe(
      "The answer was not the API's JSON but an HTML page served as text/html, where GetOperation 404 documents application/json (a wrong base URL or a missing endpoint are the usual causes).",
    );
    expect(page.suggestions[0]).toContain("Check the base URL");
    const empty = group(report.findings, "status code conformance", "/paths/~1accounts/get/responses/400");
    expect(empty.messages[0]).toBe(
      "HTTP 404 is not a documented status of GetAccounts (it documents 200, 400, 401, 429, 5XX), and the answer was not the API's JSON but an empty body (a wrong base URL or a missing endpoint are the usual causes).",
    );
  });

  it("gives the contract suite the same sentence: conformance is one function for both", async () => {
    const spec = await specContext("upmobile");
    const [found] = conformance(
      { spec, strict: createStrictReader(spec), explore: false },
      {
        api: "upmobile",
        operationId: "GetAccounts",
        request: { method: "GET", path: "/accounts", auth: "provider token" },
        status: 502,
        contentType: "text/html; charset=utf-8",
        body: "<html><body>Bad gateway</body></html>",
        json: false,
      },
    );
    expect(found?.message).toContain("was not the API's JSON but an HTML page served as text/html");
  });

  it("turns findings on assumed parts into warnings in explore mode, and the run passes on warnings alone", async () => {
    const report = await verify([operation("cancelled")], { explore: true });
    expect(report.findings.map((g) => g.severity)).toEqual(["warning"]);
    expect(report.verdict).toBe("passed");
  });
});

describe("drift in the requests: a client that sent what the spec forbids", () => {
  it("finds a body field the schema refuses, an unknown field, and a query or path parameter out of its rules", async () => {
    const withdrawal = { ...requestExample("upmobile", "InitWithdrawal"), operator_code: "Beeline!", coupon: "X" };
    const report = await verify([
      harEntry({
        method: "POST",
        url: `${UPMOBILE}/withdrawals`,
        json: withdrawal,
        body: responseExample("upmobile", "InitWithdrawal", "200"),
      }),
      harEntry({ url: `${UPMOBILE}/accounts?page_size=500`, body: responseExample("upmobile", "GetAccounts", "200") }),
      harEntry({ url: `${UPMOBILE}/operations/not-a-uuid`, body: responseExample("upmobile", "GetOperation", "200") }),
    ]);
    const pattern = group(
      report.findings,
      "request conformance",
      "/components/schemas/WithdrawalRequest/properties/operator_code/pattern",
    );
    expect(pattern.observed).toEqual([{ pointer: "/operator_code", value: "Beeline!" }]);
    expect(pattern.suggestions[0]).toBe(
      'The client sent "Beeline!", which `WithdrawalRequest.operator_code`\'s pattern refuses: fix the client, or relax the pattern if the provider accepts it.',
    );
    const unknown = group(
      report.findings,
      "request conformance",
      "/components/schemas/WithdrawalRequest/additionalProperties",
    );
    expect(unknown.observed).toEqual([{ pointer: "/coupon", value: "X" }]);
    const pageSize = group(report.findings, "request conformance", "/paths/~1accounts/get/parameters/1/schema/maximum");
    expect(pageSize.messages[0]).toBe("query parameter `page_size` is 500, outside `page_size`'s maximum of 100.");
    expect(lineAt(pageSize)).toBe("maximum: 100");
    const id = group(
      report.findings,
      "request conformance",
      "/paths/~1operations~1{id}/get/parameters/0/schema/format",
    );
    expect(id.messages[0]).toBe('path parameter `id` is "not-a-uuid", which is not a valid uuid.');
  });

  it("reads a form's strings as the declared types, a discriminated body against its branch, and file parts by the file rules", async () => {
    const accepted = responseExample("topup", "CreateTopupRequest", "201");
    const multipart = (params: Array<Record<string, unknown>>) =>
      harEntry({
        method: "POST",
        url: `${TOPUP}/topup/request/`,
        form: { mimeType: "multipart/form-data; boundary=b", params: params as never },
        status: 201,
        body: accepted,
      });
    const report = await verify([
      multipart([
        { name: "amount", value: "a thousand" },
        { name: "type", value: "from_accept_balance" },
        { name: "currency", value: "egyptian_pound" },
      ]),
      multipart([
        { name: "amount", value: "1000" },
        { name: "type", value: "from_bank_transfer" },
        { name: "currency", value: "egyptian_pound" },
        { name: "from_bank", value: "CIB" },
        { name: "from_account_number", value: "1" },
        { name: "from_account_name", value: "J" },
        { name: "from_date", value: "2024-01-15" },
        { name: "to_attach_proof", fileName: "proof.zip", contentType: "application/zip", _size: 3_000_000 },
      ]),
    ]);
    const amount = group(
      report.findings,
      "request conformance",
      "/components/schemas/AcceptBalanceTopupForm/properties/amount/type",
    );
    expect(amount.messages[0]).toBe(
      'amount is "a thousand" (string); `AcceptBalanceTopupForm.amount` is declared integer.',
    );
    const username = group(
      report.findings,
      "request conformance",
      "/components/schemas/AcceptBalanceTopupForm/required",
    );
    expect(username.observed).toEqual([{ pointer: "/username" }]);
    const size = group(
      report.findings,
      "request conformance",
      "/components/schemas/BankTransferTopupForm/properties/to_attach_proof/x-max-bytes",
    );
    expect(size.messages[0]).toBe(
      "The request's to_attach_proof must be at most 2,936,012 bytes (2.8 MB); this file has 3,000,000 bytes.",
    );
    expect(lineAt(size)).toBe("x-max-bytes: 2936012");
    const type = group(
      report.findings,
      "request conformance",
      "/components/schemas/BankTransferTopupForm/properties/to_attach_proof/x-content-types",
    );
    expect(type.observed).toEqual([{ pointer: "/to_attach_proof", value: "application/zip" }]);
    expect(report.findings.some((g) => g.rule === "oneOf")).toBe(false);
  });

  it("never reports a value the recorder redacted, and still reports the drift beside it", async () => {
    const withdrawal = {
      ...requestExample("upmobile", "InitWithdrawal"),
      account_id: "[HMAC-SHA256:0123456789abcdef]",
      amount: "-1",
    };
    const answer = responseExample("upmobile", "InitWithdrawal", "200");
    const data = answer.data as Record<string, unknown>;
    data.id = "[REDACTED]";
    data.from_account_id = "[HMAC-SHA256:fedcba9876543210]";
    data.to_account_id = "not-a-uuid";
    const report = await verify([
      harEntry({ method: "POST", url: `${UPMOBILE}/withdrawals`, json: withdrawal, body: answer }),
      harEntry({
        url: `${TOPUP}/topup/inquire/?from_date=[HMAC-SHA256:0123456789abcdef]`,
        body: responseExample("topup", "InquireTopupRequests", "200"),
      }),
      harEntry({
        method: "POST",
        url: `${UPMOBILE}/withdrawals`,
        form: { mimeType: "application/json", text: "[REDACTED]" },
        body: "[REDACTED]",
      }),
    ]);
    expect(report.totals).toMatchObject({ verified: 3, bodiesNotRecorded: 1 });
    const pointers = report.findings.flatMap((g) => g.observed.map((o) => o.pointer));
    expect(pointers.sort()).toEqual(["/amount", "/data/to_account_id"]);
  });
});

describe("secrets", () => {
  it("never writes a personal value of a browser's HAR into the report, drifted or not", async () => {
    const withdrawal = { ...requestExample("upmobile", "InitWithdrawal"), destination: "+7 (999) 123-45-67 ext" };
    const answer = responseExample("upmobile", "InitWithdrawal", "200");
    (answer.data as Record<string, unknown>).sender_label = "Yevgenia Personalname";
    (answer.data as Record<string, unknown>).status = "cancelled";
    const report = await verify([
      harEntry({ method: "POST", url: `${UPMOBILE}/withdrawals`, json: withdrawal, body: answer }),
    ]);
    // The drift on a field that is not personal is still found.
    expect(
      group(report.findings, "response schema conformance", "/components/schemas/OperationStatus/enum").count,
    ).toBe(1);
    const written = JSON.stringify(report) + renderVerifyMarkdown(report) + renderVerifyJUnit(report);
    expect(written).not.toContain("123-45-67");
    expect(written).not.toContain("Personalname");
  });

  it("reads a body as Chromium writes it: its text, beside an empty params list", async () => {
    const entry = harEntry({
      method: "POST",
      url: `${UPMOBILE}/withdrawals/preview`,
      json: requestExample("upmobile", "PreviewWithdrawal"),
      body: responseExample("upmobile", "PreviewWithdrawal", "200"),
    });
    entry.request.postData = { ...(entry.request.postData as { mimeType: string; text: string }), params: [] };
    const report = await verify([entry]);
    expect(report.findings).toEqual([]);
    expect(report.totals.verified).toBe(1);
  });

  it("never shows a secret the provider sent, even in a finding about it", async () => {
    const token = {
      ...responseExample("topup", "ObtainToken", "200"),
      access_token: 987654321987,
      token_type: "bearer",
    };
    const report = await verify([
      harEntry({
        method: "POST",
        url: `${TOPUP}/o/token/`,
        form: {
          mimeType: "application/x-www-form-urlencoded",
          text: "grant_type=password&username=u&password=hunter2&client_id=c&client_secret=s3cr3t",
        },
        body: token,
      }),
    ]);
    // A secret is judged as a recorder would have written it, REDACTED: its type is not seen, so not reported.
    expect(report.findings.some((g) => g.spec?.pointer.includes("/access_token/"))).toBe(false);
    expect(
      group(
        report.findings,
        "response schema conformance",
        "/components/schemas/TokenResponse/properties/token_type/const",
      ).observed,
    ).toEqual([{ pointer: "/token_type", value: "bearer" }]);
    const written = JSON.stringify(report) + renderVerifyMarkdown(report) + renderVerifyJUnit(report);
    for (const value of ["987654321987", "hunter2", "s3cr3t"]) expect(written).not.toContain(value);
  });
});

describe("what the browsers' HAR writers leave", () => {
  it("reads Playwright's status -1 (a request that got no answer) as no answer: the request checked, no finding", async () => {
    const aborted = harEntry({ url: `${UPMOBILE}/operations/${OPERATION_ID}` });
    aborted.response = {
      ...aborted.response,
      status: -1,
      statusText: "",
      content: { size: -1, mimeType: "x-unknown" },
    };
    const report = await verify([aborted, ...cleanEntries().slice(0, 1)]);
    expect(report.unreadable).toEqual([]);
    expect(report.totals).toMatchObject({ entries: 2, verified: 2, noAnswer: 1, unreadable: 0 });
    expect(report.verdict).toBe("passed");
  });
});

describe("what the traffic reached", () => {
  it("counts undocumented endpoints by method and path and other hosts by host, and checks neither", async () => {
    const report = await verify([
      ...cleanEntries().slice(0, 1),
      harEntry({ url: `${UPMOBILE}/health`, body: "ok", contentType: "text/plain" }),
      harEntry({ url: `${UPMOBILE}/health`, body: "ok", contentType: "text/plain" }),
      harEntry({ method: "DELETE", url: `${UPMOBILE}/accounts`, body: "" }),
      harEntry({ url: "https://cdn.example.com/app.js", body: "x", contentType: "text/javascript" }),
      harEntry({ url: "https://upmobile.example/other/accounts", body: "<html>", contentType: "text/html" }),
    ]);
    expect(report.findings).toEqual([]);
    expect(report.undocumented).toEqual([
      { api: "upmobile", method: "GET", path: "/health", entries: 2 },
      { api: "upmobile", method: "DELETE", path: "/accounts", entries: 1 },
    ]);
    expect(report.otherHosts).toEqual([
      { host: "cdn.example.com", entries: 1 },
      { host: "upmobile.example", entries: 1 },
    ]);
    expect(report.totals).toMatchObject({ entries: 6, verified: 1, undocumented: 3, otherHosts: 2 });
  });

  it("tables each operation × status reached with counts (a 503 under 5XX), and the documented pairs never seen", async () => {
    const error = (status: number) =>
      harEntry({
        url: `${UPMOBILE}/accounts`,
        status,
        body: { ...responseExample("upmobile", "GetAccounts", "5XX"), status_code: status },
      });
    const report = await verify([...cleanEntries().slice(0, 1), error(503), error(500), error(418)]);
    expect(report.coverage.filter((c) => c.operationId === "GetAccounts")).toEqual([
      { api: "upmobile", operationId: "GetAccounts", status: "200", documented: true, entries: 1 },
      { api: "upmobile", operationId: "GetAccounts", status: "418", documented: false, entries: 1 },
      { api: "upmobile", operationId: "GetAccounts", status: "5XX", documented: true, entries: 2 },
    ]);
    const never = report.notCovered.filter((n) => n.operationId === "GetAccounts").map((n) => n.status);
    expect(never).toEqual(["400", "401", "429"]);
    expect(report.notCovered).toContainEqual({
      api: "topup",
      operationId: "ObtainToken",
      status: "200",
      why: "no entry of the traffic",
    });
  });

  it("renders the suite's findings in Markdown and JUnit, with coverage, endpoints, hosts and unreadable entries", async () => {
    const report = await verify([operation("cancelled"), harEntry({ url: "https://cdn.example.com/a.js", body: "" })], {
      raw: ["42"],
    });
    const markdown = renderVerifyMarkdown(report);
    expect(markdown).toContain("# Recorded traffic against the specs: FAILED");
    expect(markdown).toContain("### 1. error · response schema conformance · enum");
    expect(markdown).toMatch(
      /- \*\*Spec:\*\* specs\/upmobile\/openapi\.yaml:\d+ `#\/components\/schemas\/OperationStatus\/enum` — assumed: /,
    );
    expect(markdown).toContain("- **Entries:** traffic.har #0");
    expect(markdown).toContain("| upmobile | GetOperation | 200 | 1 |");
    expect(markdown).toContain("| cdn.example.com | 1 |");
    expect(markdown).toContain("| traffic.har | log.entries[2] | its entry is number, not an object |");
    const junit = renderVerifyJUnit(report);
    expect(junit).toContain('<testcase classname="upmobile.GetOperation" name="GetOperation (1 entries)">');
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit).toContain('<error message="its entry is number, not an object"/>');
  });
});

describe("createTrafficVerifier, for a proxy that verifies as traffic flows", () => {
  it("returns each finding once, when first seen, and keeps counting it", async () => {
    const verifier = await createTrafficVerifier({ baseUrls: { upmobile: UPMOBILE }, env: {} });
    const first = await verifier.verifyEntry(operation("cancelled"), { file: "proxy", index: 0 });
    const again = await verifier.verifyEntry(operation("cancelled"), { file: "proxy", index: 1 });
    const other = await verifier.verifyEntry(operation("refunded"), { file: "proxy", index: 2 });
    expect(first.map((f) => f.rule)).toEqual(["enum"]);
    expect(again).toEqual([]);
    expect(other).toEqual([]);
    const report = verifier.report({ sources: ["proxy"], startedAt: "", finishedAt: "" });
    expect(report.findings[0]?.count).toBe(3);
    expect(report.findings[0]?.observed.map((o) => o.value)).toEqual(["cancelled", "refunded"]);
    expect(report.run.missing).toEqual({ topup: "TOPUP_BASE_URL is not set" });
  });

  it("matches traffic to an API served at its host's root (a base URL with no path, as the mocks serve it)", async () => {
    const root = "http://127.0.0.1:4010";
    for (const baseUrl of [root, `${root}/`]) {
      const verifier = await createTrafficVerifier({ baseUrls: { upmobile: baseUrl }, env: {} });
      const body = responseExample("upmobile", "GetOperation", "200");
      await verifier.verifyEntry(harEntry({ url: `${root}/operations/${OPERATION_ID}`, body }), {
        file: "x",
        index: 0,
      });
      const report = verifier.report({ sources: [], startedAt: "", finishedAt: "" });
      expect(report.coverage.map((row) => [row.operationId, row.status, row.entries])).toEqual([
        ["GetOperation", "200", 1],
      ]);
    }
  });

  it("reads base URLs from <ALIAS>_BASE_URL and refuses a call that names no API at all", async () => {
    const verifier = await createTrafficVerifier({ env: { TOPUP_BASE_URL: `${TOPUP}/` } });
    expect(verifier.report({ sources: [], startedAt: "", finishedAt: "" }).run.apis).toEqual({ topup: TOPUP });
    await expect(createTrafficVerifier({ env: {} })).rejects.toThrow(/set UPMOBILE_BASE_URL and\/or TOPUP_BASE_URL/);
    await expect(createTrafficVerifier({ env: {}, baseUrls: { refunds: "https://x" } })).rejects.toThrow(
      'The registry names no API "refunds"',
    );
  });
});
