import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findRepositoryRoot } from "@contracts/codegen";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { topupStatefulCases, upmobileStatefulCases } from "../src/cases-stateful.js";
import { topupCases } from "../src/cases-topup.js";
import { upmobileCases } from "../src/cases-upmobile.js";
import { type FindingGroup, groupFindings } from "../src/findings.js";
import { type CaseResult, type ContractCase, runCase } from "../src/harness.js";
import { startLocalProvider } from "../src/local-providers.js";
import type { Provider } from "../src/provider.js";
import { type Drift, isCall, startDriftProxy, withExtraFields } from "./support/drift-proxy.js";

// A provider that is not ours, made by changing the sandbox's answers in ways real providers do, one drift at a
// time: the suite must fail on each, with the finding, the spec location and the suggestion a person can act on.

const root = findRepositoryRoot(import.meta.dirname);
const specLines = (api: string) => readFileSync(join(root, "specs", api, "openapi.yaml"), "utf8").split("\n");

let sandbox: Sandbox;
const all: ContractCase[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
  all.push(...(await upmobileCases()), ...(await upmobileStatefulCases()));
  all.push(...(await topupCases()), ...(await topupStatefulCases()));
});
afterAll(() => sandbox?.stop());

type Json = Record<string, unknown>;

/** Runs the cases picked by `pick` against the sandbox behind `drift`; the results and their findings, grouped. */
async function runDrifted(drift: Drift, pick: (c: ContractCase) => boolean, explore = false) {
  const proxy = await startDriftProxy(sandbox.url, drift);
  try {
    const provider: Provider = {
      name: "drifted",
      apis: {
        upmobile: { url: `${proxy.url}/upmobile`, token: sandbox.upmobile.token },
        topup: { url: `${proxy.url}/topup`, token: sandbox.topup.token },
      },
      missing: {},
      topupCredentials: sandbox.topupCredentials,
      honoursPrefer: false,
      stateful: true,
      lifecycleTimeoutMs: 5_000,
    };
    const picked = all.filter(pick);
    expect(picked.length, "the drift must meet at least one case").toBeGreaterThan(0);
    const results: CaseResult[] = [];
    for (const c of picked) results.push(await runCase(c, provider, explore));
    const groups = groupFindings(results.flatMap((r) => r.findings.map((f) => ({ ...f, caseId: r.id }))));
    return { results, groups };
  } finally {
    await proxy.close();
  }
}

const named = (fragment: string) => (c: ContractCase) => c.id.includes(fragment);
const group = (groups: FindingGroup[], check: string, pointer: string) => {
  const found = groups.find((g) => g.check === check && g.spec?.pointer === pointer);
  expect(
    found,
    `a ${check} finding at ${pointer}; got ${JSON.stringify(groups.map((g) => [g.check, g.spec?.pointer]))}`,
  ).toBeDefined();
  return found as FindingGroup;
};
/** The text of the spec line a finding points at, trimmed. */
const lineAt = (g: FindingGroup, api: string) => specLines(api)[(g.spec?.line ?? 0) - 1]?.trim() ?? "";

/** Rewrites the JSON body of the matching answers. */
const rewrite =
  (method: string, path: string | RegExp, change: (body: Json) => void): Drift["response"] =>
  (request, response) => {
    if (!isCall(request, method, path) || typeof response.body !== "object" || response.body === null) return undefined;
    change(response.body as Json);
    return response;
  };

describe("a drifted provider fails the run, one finding per drift, located in the spec", () => {
  it("response schema: a status the spec does not list (cancelled for canceled)", async () => {
    const { results, groups } = await runDrifted(
      {
        response: (request, response) => {
          const body = response.body as { data?: { status?: string } } | null;
          if (request.path.startsWith("/upmobile/operations/") || isCall(request, "POST", "/upmobile/withdrawals")) {
            if (body?.data?.status) body.data.status = "cancelled";
          }
          return response;
        },
      },
      named("GetOperation 200: reads back"),
    );
    expect(results.every((r) => r.outcome === "failed")).toBe(true);
    const g = group(groups, "response schema conformance", "/components/schemas/OperationStatus/enum");
    expect(g.source).toBe("assumed");
    expect(g.assumption).toContain("The seed shows only `pending`");
    expect(lineAt(g, "upmobile")).toMatch(/^enum: \[pending/);
    expect(g.suggestions).toEqual([
      '`OperationStatus` lacks "cancelled"; the provider sends it. Add it to the enum (and, for a status, to x-transitions or x-terminal-values), or ask the provider what it means.',
    ]);
    expect(g.observed).toContainEqual({ pointer: "/data/status", value: "cancelled" });
    // InitWithdrawal's answer and GetOperation's both carried it: one drift, seen twice, one entry.
    expect(g.count).toBe(2);
    expect(g.operations).toEqual(["InitWithdrawal 200", "GetOperation 200"]);
    expect(g.request).toMatchObject({ method: "POST", path: "/withdrawals", auth: "provider token" });
  });

  it("response schema: an amount sent as a JSON number", async () => {
    const { groups } = await runDrifted(
      {
        response: rewrite("GET", "/upmobile/accounts", (body) => {
          for (const account of (body.data as { accounts: Json[] }).accounts) account.balance = 100;
        }),
      },
      named("GetAccounts 200: lists accounts"),
    );
    const g = group(groups, "response schema conformance", "/components/schemas/Decimal/type");
    expect(g.suggestions[0]).toContain("`Decimal` is declared string, but the provider sent 100");
    expect(g.observed[0]).toEqual({ pointer: "/data/accounts/0/balance", value: 100 });
  });

  it("response schema: a required field left out, in a part of the spec that comes from the seed", async () => {
    const { groups } = await runDrifted(
      { response: rewrite("GET", /^\/upmobile\/operations\//, (body) => delete (body.data as Json).to_account) },
      named("GetOperation 200: reads back"),
    );
    const g = group(groups, "response schema conformance", "/components/schemas/Operation/required");
    expect(g.source).toBe("seed");
    expect(g.assumption).toBeNull();
    expect(g.suggestions[0]).toContain("`Operation` requires `to_account`, but the provider left it out: make");
    expect(g.observed).toEqual([{ pointer: "/data/to_account" }]);
  });

  it("status code: a success the spec does not document (202)", async () => {
    const { groups } = await runDrifted(
      {
        response: (request, response) =>
          isCall(request, "POST", "/topup/topup/request/") && response.status === 201
            ? { ...response, status: 202 }
            : undefined,
      },
      named('CreateTopupRequest 201: accepts the spec example "acceptBalance"'),
    );
    const g = group(groups, "status code conformance", "/paths/~1topup~1request~1/post/responses/200");
    expect(g.source).toBe("assumed");
    expect(g.messages[0]).toBe(
      "HTTP 202 is not a documented status of CreateTopupRequest (it documents 200, 201, 400, 401, 429, 5XX).",
    );
    expect(g.suggestions[0]).toContain("Document 202 for CreateTopupRequest beside 200, 201");
  });

  it("content type: JSON served as text/plain", async () => {
    const { groups } = await runDrifted(
      {
        response: (request, response) =>
          isCall(request, "GET", "/upmobile/accounts") ? { ...response, contentType: "text/plain" } : undefined,
      },
      named("GetAccounts 200: lists accounts"),
    );
    const g = group(groups, "content-type conformance", "/paths/~1accounts/get/responses/200/content");
    expect(g.observed[0]).toEqual({ pointer: "", value: "text/plain" });
  });

  it("ignored auth: a provider that serves a request without a token", async () => {
    const { results, groups } = await runDrifted(
      {
        request: (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${sandbox.upmobile.token}` },
        }),
      },
      named("GetAccounts 401"),
    );
    expect(results.map((r) => r.outcome)).toEqual(["failed", "failed"]);
    const g = group(groups, "ignored auth", "/security");
    expect(g.count).toBe(2);
    expect(g.messages).toEqual([
      "A request without a token was answered with HTTP 200, not 401.",
      "A request with a wrong token or secret was answered with HTTP 200, not 401.",
    ]);
  });

  it("negative data rejection: a provider that ignores unknown fields", async () => {
    const { groups } = await runDrifted(
      {
        request: (request) => {
          if (!isCall(request, "POST", "/upmobile/withdrawals/preview")) return undefined;
          const { unexpected_field: _, ...rest } = JSON.parse(request.body.toString()) as Json;
          return { ...request, body: Buffer.from(JSON.stringify(rest)) };
        },
      },
      named("PreviewWithdrawal 422: rejects unknown field"),
    );
    const g = group(
      groups,
      "negative data rejection",
      "/components/schemas/WithdrawalPreviewRequest/additionalProperties",
    );
    expect(g.source).toBe("assumed");
    expect(g.messages[0]).toBe("The provider accepted a body with unknown field: unexpected_field with HTTP 200.");
  });

  it("positive data acceptance: a provider that refuses a valid request", async () => {
    const { groups } = await runDrifted(
      {
        request: (request) =>
          isCall(request, "POST", "/upmobile/withdrawals/preview")
            ? {
                status: 422,
                contentType: "application/json",
                body: { status: "error", status_code: 422, code: "validation_failed", message: "No." },
              }
            : undefined,
      },
      named('PreviewWithdrawal 200: accepts the spec example "mobileRub"'),
    );
    const g = group(groups, "positive data acceptance", "/paths/~1withdrawals~1preview/post/requestBody");
    expect(g.messages[0]).toMatch(
      /^A valid request was refused with HTTP 422 \(validation_failed: No\.\) \(case: accepts/,
    );
  });

  it("stateful: GetOperation answers with another operation than the one just created", async () => {
    const { groups } = await runDrifted(
      {
        response: rewrite("GET", /^\/upmobile\/operations\//, (body) => {
          const data = body.data as Json;
          data.id = "0e8f5b6a-7c4d-4a19-8e2b-3f1a6c9d5e70";
          data.destination = "+79990000000";
        }),
      },
      named("GetOperation 200: reads back"),
    );
    const readBack = groups.filter((g) => g.check === "stateful: withdrawal read-back");
    expect(readBack.map((g) => [g.rule, g.spec?.pointer])).toEqual([
      ["id", "/paths/~1operations~1{id}/get"],
      ["destination", "/paths/~1operations~1{id}/get"],
    ]);
    expect(readBack[0]?.messages[0]).toMatch(/answered id "0e8f5b6a-.*"; the withdrawal was created with/);
    expect(readBack[1]?.messages[0]).toContain('answered destination "+79990000000"');
    expect(lineAt(readBack[0] as FindingGroup, "upmobile")).toBe("get:");
  });

  it("stateful: a terminal status that changes again", async () => {
    const finished = new Set<string>();
    const { groups } = await runDrifted(
      {
        response: rewrite("GET", /^\/upmobile\/operations\//, (body) => {
          const data = body.data as Json;
          if (data.status !== "completed") return;
          if (finished.has(data.id as string)) data.status = "processing";
          else finished.add(data.id as string);
        }),
      },
      named("GetOperation 200: moves only forward"),
    );
    const g = group(groups, "stateful: lifecycle", "/components/schemas/OperationStatus/x-terminal-values");
    expect(g.messages[0]).toMatch(/→ completed → processing: completed is terminal in the spec, yet it changed/);
    expect(lineAt(g, "upmobile")).toMatch(/^x-terminal-values:/);
  });

  it("stateful: a page size that is ignored", async () => {
    const { groups } = await runDrifted(
      {
        request: (request) =>
          isCall(request, "GET", "/upmobile/accounts")
            ? { ...request, path: request.path.replace("page_size=1", "page_size=100") }
            : undefined,
      },
      named("GetAccounts 200: honours page_size=1"),
    );
    const g = group(groups, "stateful: page size", "/paths/~1accounts/get/parameters/1");
    expect(g.source).toBe("assumed");
    expect(g.messages[0]).toMatch(/page_size=1 answered \d+ accounts/);
  });

  it("stateful: a created top-up request missing from the inquiry", async () => {
    const { groups } = await runDrifted(
      {
        response: rewrite("GET", "/topup/topup/inquire/", (body) => {
          const results = body.results as { topup_requests: Json[] };
          results.topup_requests = results.topup_requests.slice(1);
        }),
      },
      named("InquireTopupRequests 200: lists a request just created"),
    );
    const g = group(groups, "stateful: topup inquiry read-back", "/paths/~1topup~1inquire~1/get");
    expect(g.messages[0]).toMatch(
      /The request \d+ that CreateTopupRequest just recorded is not in GET \/topup\/inquire\//,
    );
  });

  it("stateful: a balance that does not move when a withdrawal is accepted", async () => {
    const { groups } = await runDrifted(
      {
        response: rewrite("GET", "/upmobile/accounts", (body) => {
          for (const account of (body.data as { accounts: Json[] }).accounts) account.balance = "1000000.00";
        }),
      },
      named("InitWithdrawal 200: moves the account's balance"),
    );
    const g = group(groups, "stateful: balance movement", "/components/schemas/Account/properties/balance");
    expect(g.messages[0]).toMatch(/balance went 1000000\.00 → 1000000\.00 \(moved 0\.00, expected \d+\.\d\d\)/);
  });
});

describe("explore mode (CONTRACT_EXPLORE=true) turns findings on assumed parts into warnings, and only those", () => {
  it("an unlisted status on the assumed lifecycle warns and passes; a missing seed field still fails", async () => {
    const drift: Drift = {
      response: rewrite("GET", /^\/upmobile\/operations\//, (body) => {
        const data = body.data as Json;
        data.status = "cancelled";
        delete data.to_account;
      }),
    };
    const { results, groups } = await runDrifted(drift, named("GetOperation 200: reads back"), true);
    expect(group(groups, "response schema conformance", "/components/schemas/OperationStatus/enum").severity).toBe(
      "warning",
    );
    expect(group(groups, "response schema conformance", "/components/schemas/Operation/required").severity).toBe(
      "error",
    );
    expect(results[0]?.outcome).toBe("failed");

    const assumedOnly: Drift = {
      response: rewrite("GET", /^\/upmobile\/operations\//, (body) => {
        (body.data as Json).status = "cancelled";
      }),
    };
    const explored = await runDrifted(assumedOnly, named("GetOperation 200: reads back"), true);
    expect(explored.results[0]?.outcome).toBe("passed");
    expect(explored.groups.map((g) => g.severity)).toEqual(["warning"]);
  });
});

describe("a provider that only adds fields", () => {
  it("stays green on every case the sandbox can run", async () => {
    const { results, groups } = await runDrifted(
      { response: (_request, response) => ({ ...response, body: withExtraFields(response.body) }) },
      () => true,
    );
    expect(groups).toEqual([]);
    expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(results.filter((r) => r.outcome === "passed").length).toBeGreaterThan(100);
  });
});

describe("documented examples, against the mocks behind a drift", () => {
  let mocks: Awaited<ReturnType<typeof startLocalProvider>> | undefined;
  beforeAll(async () => {
    mocks = await startLocalProvider("mocks");
  });
  afterAll(() => mocks?.stop());

  it("a provider that serves another body for a documented example fails the documented example check", async () => {
    const target = mocks?.provider.apis.upmobile as { url: string; token: string };
    const proxy = await startDriftProxy(target.url, {
      response: (request, response) =>
        String(request.headers.prefer ?? "").includes("example=onePage")
          ? { ...response, body: { data: { accounts: [], pages: 0 }, status: "success", status_code: 200 } }
          : undefined,
    });
    try {
      const provider: Provider = {
        ...(mocks as { provider: Provider }).provider,
        apis: { upmobile: { ...target, url: proxy.url } },
      };
      const cases = (await documentedExampleCases()).filter((c) =>
        c.id.includes('GetAccounts 200: serves the documented example "onePage"'),
      );
      const result = await runCase(cases[0] as ContractCase, provider, false);
      expect(result.outcome).toBe("failed");
      expect(result.findings.map((f) => [f.check, f.spec?.pointer])).toEqual([
        ["documented example", "/paths/~1accounts/get/responses/200/content"],
      ]);
    } finally {
      await proxy.close();
    }
  });
});
