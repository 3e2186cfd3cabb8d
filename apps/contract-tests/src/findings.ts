import type { SpecLocation } from "@contracts/codegen/registry";
import { segments } from "@contracts/runtime/internal";
import type { RequestSummary } from "./exchange.js";
import type { ApiName } from "./spec.js";

/** The checks of the suite: Schemathesis's conformance and data checks, the stateful ones, request conformance. */
export const CHECKS = [
  "status code conformance",
  "content-type conformance",
  "response schema conformance",
  "request conformance",
  "positive data acceptance",
  "negative data rejection",
  "ignored auth",
  "documented example",
  "stateful: withdrawal read-back",
  "stateful: lifecycle",
  "stateful: topup inquiry read-back",
  "stateful: page size",
  "stateful: balance movement",
  "transport",
] as const;

export type CheckName = (typeof CHECKS)[number];

/** One contract violation: what was checked, what was seen, which part of the spec it contradicts, what to do. */
export interface Finding {
  check: CheckName;
  api: ApiName;
  operationId: string | null;
  /** The HTTP status seen, when there was an answer. */
  status: number | null;
  /** The rule broken, e.g. `enum`, `required`, `status`: with the spec location, what groups findings. */
  rule: string;
  message: string;
  /** A spec change that would resolve it, in words (or what to ask the provider). */
  suggestion: string;
  request: RequestSummary | null;
  /** Where in the response body, and the value seen there (absent for a missing field). */
  observed: { pointer: string; value?: unknown } | null;
  /** The part of the spec the answer contradicts. */
  spec: SpecLocation | null;
  /** Whether that part comes from the seed documents or is our assumption (and then why). */
  source: "seed" | "assumed";
  assumption: string | null;
  /** `warning` only for an assumed part in explore mode (CONTRACT_EXPLORE=true); an error fails the run. */
  severity: "error" | "warning";
}

/** Findings that share a check, a spec location and a rule: one drift, however many cases saw it. */
export interface FindingGroup
  extends Pick<Finding, "check" | "api" | "rule" | "spec" | "source" | "assumption" | "severity" | "request"> {
  count: number;
  operations: string[];
  /** The distinct values seen (up to five), with where in the body. */
  observed: Array<{ pointer: string; value?: unknown }>;
  /** The distinct messages (up to five) and suggestions (usually one). */
  messages: string[];
  suggestions: string[];
  cases: string[];
}

const KEEP = 5;

/** Groups findings as they come, in memory bounded by the number of groups; `keepCases` caps the cases kept. */
export function createFindingGroups(options: { keepCases?: number } = {}) {
  const keepCases = options.keepCases ?? Number.POSITIVE_INFINITY;
  const groups = new Map<string, FindingGroup>();
  return {
    /** Adds one sighting; true when it is the first of its group (a finding new to this run). */
    add(f: Finding, caseId: string): boolean {
      const key = `${f.check}\u0000${f.spec?.file ?? ""}#${f.spec?.pointer ?? f.message}\u0000${f.rule}`;
      let group = groups.get(key);
      const created = group === undefined;
      if (!group) {
        group = {
          check: f.check,
          api: f.api,
          rule: f.rule,
          spec: f.spec,
          source: f.source,
          assumption: f.assumption,
          severity: f.severity,
          count: 0,
          operations: [],
          observed: [],
          messages: [],
          suggestions: [],
          request: f.request,
          cases: [],
        };
        groups.set(key, group);
      }
      group.count++;
      const operation = `${f.operationId ?? f.request?.path ?? "?"}${f.status === null ? "" : ` ${f.status}`}`;
      addOnce(group.operations, operation, Number.POSITIVE_INFINITY);
      if (f.observed && group.observed.length < KEEP && !group.observed.some((o) => sameObservation(o, f.observed))) {
        group.observed.push(f.observed);
      }
      addOnce(group.messages, f.message, KEEP);
      addOnce(group.suggestions, f.suggestion, KEEP);
      addOnce(group.cases, caseId, keepCases);
      if (f.severity === "error") group.severity = "error";
      return created;
    },
    /** The groups in order of first appearance. */
    list: (): FindingGroup[] => [...groups.values()],
  };
}

/** Groups findings by check, spec location and rule, in order of first appearance. */
export function groupFindings(findings: ReadonlyArray<Finding & { caseId: string }>): FindingGroup[] {
  const groups = createFindingGroups();
  for (const f of findings) groups.add(f, f.caseId);
  return groups.list();
}

/** A finding as a failing test or a verifier's log shows it: what, where in the spec, and the suggested change. */
export function formatFinding(f: Finding): string {
  const where = f.spec ? `${f.spec.file}:${f.spec.line ?? "?"} #${f.spec.pointer} (${f.source})` : "(no spec location)";
  const on = f.operationId ? ` ${f.operationId}${f.status === null ? "" : ` ${f.status}`}:` : "";
  return `[${f.check}]${on} ${f.message}\n  spec: ${where}\n  fix: ${f.suggestion}`;
}

function addOnce(list: string[], value: string, max: number): void {
  if (!list.includes(value) && list.length < max) list.push(value);
}

function sameObservation(a: { pointer: string; value?: unknown }, b: { pointer: string; value?: unknown } | null) {
  return b !== null && a.pointer === b.pointer && JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** `/components/schemas/Operation/properties/status` → `Operation.status`; a path's inline schema by its operation. */
export function schemaName(pointer: string): string {
  const parts = segments(pointer);
  if (parts[0] === "components" && parts[1] === "schemas" && parts[2]) {
    const names = [parts[2]];
    for (let i = 3; i < parts.length; i++) {
      if (parts[i] === "properties" && parts[i + 1]) names.push(parts[++i] as string);
      else if (parts[i] === "items") names.push("[]");
    }
    return names.join(".").replace(/\.\[\]/g, "[]");
  }
  return pointer;
}
