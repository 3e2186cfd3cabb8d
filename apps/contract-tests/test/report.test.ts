import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/findings.js";
import { groupFindings, schemaName } from "../src/findings.js";
import type { CaseResult } from "../src/harness.js";
import { buildReport, describeRequest, renderJUnit, renderMarkdown } from "../src/report.js";
import { reportDir } from "../src/reporter.js";
import { REPOSITORY_ROOT } from "../src/spec.js";
import { reportDirOf } from "../src/verify/index.js";

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  check: "response schema conformance",
  api: "upmobile",
  operationId: "GetOperation",
  status: 200,
  rule: "enum",
  message: 'GetOperation 200: data.status is "cancelled", which `OperationStatus` does not list.',
  suggestion: '`OperationStatus` lacks "cancelled"; the provider sent it on GetOperation.',
  request: { method: "GET", path: "/operations/1", auth: "provider token" },
  observed: { pointer: "/data/status", value: "cancelled" },
  spec: { file: "specs/upmobile/openapi.yaml", line: 718, pointer: "/components/schemas/OperationStatus/enum" },
  source: "assumed",
  assumption: "The seed shows only `pending`.",
  severity: "error",
  ...overrides,
});

const result = (id: string, overrides: Partial<CaseResult> = {}): CaseResult => ({
  id,
  api: "upmobile",
  operationId: "GetOperation",
  status: "200",
  check: "response schema conformance",
  name: id,
  outcome: "passed",
  findings: [],
  notes: [],
  exchanges: 1,
  seen: ["upmobile GetOperation 200"],
  durationMs: 12,
  ...overrides,
});

const run = {
  provider: "acme",
  apis: { upmobile: "https://acme.example/api" },
  missing: { topup: "TOPUP_BASE_URL is not set" },
  explore: false,
  safe: false,
  startedAt: "2026-12-01T10:00:00.000Z",
  finishedAt: "2026-12-01T10:00:05.000Z",
};

const results = [
  result("a", { outcome: "failed", findings: [finding(), finding()] }),
  result("b", { outcome: "failed", findings: [finding({ observed: { pointer: "/data/status", value: "refunded" } })] }),
  result("c"),
  result("d", { outcome: "skipped", skipReason: "it needs Prism's `Prefer` header", seen: [], status: "5XX" }),
];
const documented = [
  { api: "upmobile" as const, operationId: "GetOperation", status: "200" },
  { api: "upmobile" as const, operationId: "GetOperation", status: "5XX" },
];

describe("groupFindings", () => {
  it("keeps one entry per check, spec location and rule, counting every sighting and each distinct value", () => {
    const groups = groupFindings(results.flatMap((r) => r.findings.map((f) => ({ ...f, caseId: r.id }))));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      count: 3,
      cases: ["a", "b"],
      operations: ["GetOperation 200"],
      observed: [
        { pointer: "/data/status", value: "cancelled" },
        { pointer: "/data/status", value: "refunded" },
      ],
    });
  });

  it("names schemas by component and property", () => {
    expect(schemaName("/components/schemas/Operation/properties/status")).toBe("Operation.status");
    expect(schemaName("/components/schemas/AccountsPage/properties/accounts/items/properties/id")).toBe(
      "AccountsPage.accounts[].id",
    );
    expect(schemaName("/paths/~1x/get")).toBe("/paths/~1x/get");
  });
});

describe("the report", () => {
  const report = buildReport(run, results, documented);

  it("totals the cases and lists what was skipped and not covered", () => {
    expect(report.verdict).toBe("failed");
    expect(report.totals).toEqual({ cases: 4, passed: 1, failed: 2, skipped: 1, errors: 3, warnings: 0 });
    expect(report.skipped).toEqual([{ id: "d", reason: "it needs Prism's `Prefer` header" }]);
    expect(report.notCovered).toEqual([
      { api: "upmobile", operationId: "GetOperation", status: "5XX", why: "it needs Prism's `Prefer` header" },
    ]);
  });

  it("renders Markdown with each finding's spec location, source, observed values and suggestion", () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("# Contract run against acme: FAILED");
    expect(markdown).toContain("### 1. error · response schema conformance · enum");
    expect(markdown).toContain(
      "- **Spec:** specs/upmobile/openapi.yaml:718 `#/components/schemas/OperationStatus/enum` — assumed: The seed shows only `pending`.",
    );
    expect(markdown).toContain("- **Seen:** 3 times, on GetOperation 200");
    expect(markdown).toContain('- **Observed:** `/data/status` = `"cancelled"`, `/data/status` = `"refunded"`');
    expect(markdown).toContain('- **Suggested change:** `OperationStatus` lacks "cancelled"');
    expect(markdown).toContain("- topup: not tested (TOPUP_BASE_URL is not set)");
    expect(markdown).toContain("- upmobile GetOperation 5XX: it needs Prism's `Prefer` header");
  });

  it("renders JUnit XML a CI system reads: a testcase per case, failures and skips where they are", () => {
    const xml = renderJUnit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(/<skipped /g)).toHaveLength(1);
    expect(xml).toContain('<testsuites name="contract run against acme" tests="4" failures="2" skipped="1">');
    expect(xml).toContain("&quot;cancelled&quot;");
    expect(xml).not.toMatch(/"cancelled"/);
  });

  it("shows a request without its secrets or file bytes", () => {
    expect(
      describeRequest({
        method: "POST",
        path: "/o/token/",
        auth: "no token",
        body: { grant_type: "password", password: "<redacted>" },
      }),
    ).toBe('`POST /o/token/` body `{"grant_type":"password","password":"<redacted>"}` (no token)');
  });
});

describe("where the reports go", () => {
  it("a relative CONTRACT_REPORT_DIR is read from where pnpm was run, for the contract run as for the verifier", () => {
    const env = { CONTRACT_REPORT_DIR: "out/reports", INIT_CWD: "/home/team/app" };
    expect(reportDir("https://api.example.com", env)).toBe("/home/team/app/out/reports");
    expect(reportDirOf(env, "verify")).toBe("/home/team/app/out/reports");
  });

  it("without it, each provider has its own folder under reports/contract at the repository root", () => {
    expect(reportDir("https://api.example.com:8443/v1", {})).toBe(
      join(REPOSITORY_ROOT, "reports", "contract", "https-api.example.com-8443-v1"),
    );
  });
});
