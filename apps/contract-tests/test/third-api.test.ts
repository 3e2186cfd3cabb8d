import { TEST_API, TEST_REGISTRY_ROOT } from "@contracts/test-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { type CaseResult, type ContractCase, runCase } from "../src/harness.js";
import { startLocalProvider } from "../src/local-providers.js";
import type { Provider } from "../src/provider.js";
import { buildReport } from "../src/report.js";
import { openRegistry, type Registry } from "../src/spec.js";
import { startDriftProxy } from "./support/drift-proxy.js";

// A third API that no line of the suite was written for: the cases that need only the spec's facts run against
// its Prism mock, and a provider that drifts from it fails them, both with nothing but a spec and a registry entry.
let registry: Registry;
let cases: ContractCase[];
let provider: Provider;
let stop: () => Promise<void>;
beforeAll(async () => {
  registry = await openRegistry(TEST_REGISTRY_ROOT);
  cases = await documentedExampleCases(registry);
  ({ provider, stop } = await startLocalProvider("mocks", TEST_REGISTRY_ROOT));
});
afterAll(() => stop?.());

const runAll = (against: Provider): Promise<CaseResult[]> => Promise.all(cases.map((c) => runCase(c, against, false)));

describe("the contract suite on a third API", () => {
  it("derives a case for every documented example of every operation", () => {
    expect(registry.apis).toEqual([TEST_API]);
    const expected = registry
      .documentedResponses()
      .map(({ operationId, status }) => `${operationId} ${status}`)
      .sort();
    expect([...new Set(cases.map((c) => `${c.operationId} ${c.status}`))].sort()).toEqual(expected);
  });

  it("passes against its mock, every documented status seen", async () => {
    const results = await runAll(provider);
    expect(results.filter((r) => r.outcome !== "passed")).toEqual([]);
    const run = {
      provider: "mocks",
      apis: {},
      missing: {},
      explore: false,
      safe: false,
      startedAt: "",
      finishedAt: "",
    };
    const report = buildReport(run, results, registry.documentedResponses());
    expect(report.verdict).toBe("passed");
    expect(report.notCovered).toEqual([]);
  });

  it("fails, naming the spec's rule, when the provider drifts from it", async () => {
    const target = provider.apis[TEST_API];
    if (!target) throw new Error("the mock did not start");
    // a provider that writes amounts as numbers, which the spec's Decimal forbids.
    const proxy = await startDriftProxy(target.url, {
      response: (_request, response) => {
        const body = response.body as { amount?: unknown } | null;
        return typeof body?.amount === "string" ? { ...response, body: { ...body, amount: 25 } } : undefined;
      },
    });
    try {
      const drifting = { ...provider, apis: { [TEST_API]: { ...target, url: proxy.url } } };
      const failed = (await runAll(drifting)).filter((r) => r.outcome === "failed");
      expect(failed.map((r) => `${r.operationId} ${r.status}`).sort()).toEqual(["CreateRefund 201", "GetRefund 200"]);
      const finding = failed[0]?.findings.find((f) => f.check === "response schema conformance");
      expect(finding?.spec?.pointer).toBe("/components/schemas/Decimal/type");
      expect(finding?.spec?.file).toBe("specs/refunds/openapi.yaml");
    } finally {
      await proxy.close();
    }
  });
});
