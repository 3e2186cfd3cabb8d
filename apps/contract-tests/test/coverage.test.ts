import { describe, expect, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { topupCases } from "../src/cases-topup.js";
import { upmobileCases } from "../src/cases-upmobile.js";
import type { ContractCase } from "../src/harness.js";
import { documentedResponses } from "../src/spec.js";

const cases: ContractCase[] = [
  ...(await upmobileCases()),
  ...(await topupCases()),
  ...(await documentedExampleCases()),
];
const documented = await documentedResponses();

describe("coverage by construction", () => {
  it("has a case for every documented operation × status of both specs, and no case for an undocumented one", () => {
    const key = (api: string, op: string, status: number | string) => `${api} ${op} ${status}`;
    const byKey = new Map<string, ContractCase[]>();
    for (const c of cases)
      byKey.set(key(c.api, c.operationId, c.status), [...(byKey.get(key(c.api, c.operationId, c.status)) ?? []), c]);
    const rows = documented.map((d) => {
      const list = byKey.get(key(d.api, d.operationId, d.status)) ?? [];
      const everywhere = list.filter((c) => !c.needsPrefer).length;
      return {
        api: d.api,
        operation: d.operationId,
        status: d.status,
        cases: list.length,
        "on any provider": everywhere,
      };
    });
    console.log("Contract coverage (operation × documented status):");
    console.table(rows);
    const checks = new Map<string, number>();
    for (const c of cases) checks.set(c.check, (checks.get(c.check) ?? 0) + 1);
    console.log("Cases per check:", Object.fromEntries(checks));

    expect(rows.filter((r) => r.cases === 0).map((r) => `${r.api} ${r.operation} ${r.status}`)).toEqual([]);
    const documentedKeys = new Set(documented.map((d) => key(d.api, d.operationId, d.status)));
    expect([...byKey.keys()].filter((k) => !documentedKeys.has(k))).toEqual([]);
  });
});
