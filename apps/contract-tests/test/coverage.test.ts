import { describe, expect, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { topupStatefulCases, upmobileStatefulCases } from "../src/cases-stateful.js";
import { topupCases } from "../src/cases-topup.js";
import { upmobileCases } from "../src/cases-upmobile.js";
import type { ContractCase } from "../src/harness.js";
import { openRegistry } from "../src/spec.js";

const cases: ContractCase[] = [
  ...(await upmobileCases()),
  ...(await upmobileStatefulCases()),
  ...(await topupCases()),
  ...(await topupStatefulCases()),
  ...(await documentedExampleCases()),
];
const documented = (await openRegistry()).documentedResponses();

describe("coverage by construction", () => {
  it("has a case for every documented operation × status of both specs, and no case for an undocumented one", () => {
    const key = (api: string, op: string, status: string) => `${api} ${op} ${status}`;
    const byKey = new Map<string, ContractCase[]>();
    for (const c of cases) {
      const k = key(c.api, c.operationId, c.status);
      byKey.set(k, [...(byKey.get(k) ?? []), c]);
    }
    const rows = documented.map((d) => {
      const list = byKey.get(key(d.api, d.operationId, d.status)) ?? [];
      return {
        api: d.api,
        operation: d.operationId,
        status: d.status,
        cases: list.length,
        "on any provider": list.filter((c) => (c.needs ?? []).length === 0).length,
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

  it("provokes a success and every client error of each operation with a case of its own, not only Prism's examples", () => {
    // every documented status has a documented example, so those cases alone would cover the table above;
    // throttling (429) and server errors (5XX) are the statuses only Prism's `Prefer` can provoke.
    const own = new Set(
      cases.filter((c) => c.check !== "documented example").map((c) => `${c.api} ${c.operationId} ${c.status}`),
    );
    const missing: string[] = [];
    for (const api of new Set(documented.map((d) => d.api))) {
      for (const operationId of new Set(documented.filter((d) => d.api === api).map((d) => d.operationId))) {
        const statuses = documented.filter((d) => d.api === api && d.operationId === operationId).map((d) => d.status);
        const has = (status: string) => own.has(`${api} ${operationId} ${status}`);
        if (!statuses.filter((s) => s.startsWith("2")).some(has)) missing.push(`${api} ${operationId} 2xx`);
        for (const s of statuses.filter((s) => s.startsWith("4") && s !== "429")) {
          if (!has(s)) missing.push(`${api} ${operationId} ${s}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives every case a unique id, so reports and reruns can name it", () => {
    const ids = cases.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
