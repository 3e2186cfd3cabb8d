import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SpecLocation } from "@contracts/codegen/registry";
import { CHECKS, type CheckName, type FindingGroup, groupFindings } from "./findings.js";
import type { CaseResult } from "./harness.js";
import type { ApiName } from "./spec.js";

/** What a run was pointed at: the provider's name, each API's base URL (never a token) and the mode. */
export interface RunInfo {
  provider: string;
  apis: Record<ApiName, string>;
  missing: Record<ApiName, string>;
  explore: boolean;
  /** A safe run (CONTRACT_SAFE=true): nothing was sent to an operation that moves money. */
  safe: boolean;
  startedAt: string;
  finishedAt: string;
}

/** One run's report: every case, the findings grouped by spec location, what was skipped and what not covered. */
export interface ContractReport {
  run: RunInfo;
  verdict: "passed" | "failed";
  totals: { cases: number; passed: number; failed: number; skipped: number; errors: number; warnings: number };
  checks: Array<{ check: CheckName; passed: number; failed: number; skipped: number }>;
  findings: FindingGroup[];
  skipped: Array<{ id: string; reason: string }>;
  /** Documented operation × status pairs no case exercised in this run, with why; and what cases could not see. */
  notCovered: Array<{ api: ApiName; operationId: string; status: string; why: string }>;
  notes: Array<{ id: string; note: string }>;
  cases: CaseResult[];
}

/** The report of a run from its case results and the documented operation × status pairs. */
export function buildReport(
  run: RunInfo,
  results: readonly CaseResult[],
  documented: ReadonlyArray<{ api: ApiName; operationId: string; status: string }>,
): ContractReport {
  const all = results.flatMap((r) => r.findings.map((f) => ({ ...f, caseId: r.id })));
  const findings = groupFindings(all);
  const checks = CHECKS.flatMap((check) => {
    const mine = results.filter((r) => r.check === check);
    return mine.length === 0 ? [] : [{ check, ...tally(mine) }];
  });
  // Covered means a documented response was really seen, not that a case aimed at it.
  const seen = new Set(results.flatMap((r) => r.seen));
  const notCovered = documented.flatMap((d) => {
    if (seen.has(`${d.api} ${d.operationId} ${d.status}`)) return [];
    const mine = results.filter((r) => r.api === d.api && r.operationId === d.operationId && r.status === d.status);
    const reasons = [...new Set(mine.flatMap((r) => (r.outcome === "skipped" ? [r.skipReason ?? "skipped"] : [])))];
    const ran = mine.some((r) => r.outcome !== "skipped");
    const why =
      reasons.length > 0 ? reasons.join("; ") : ran ? "the provider never answered it" : "no case in this run";
    return [{ ...d, why }];
  });
  const errors = all.filter((f) => f.severity === "error").length;
  const totals = { cases: results.length, ...tally(results), errors, warnings: all.length - errors };
  return {
    run,
    verdict: totals.failed > 0 ? "failed" : "passed",
    totals,
    checks,
    findings,
    skipped: results.flatMap((r) => (r.outcome === "skipped" ? [{ id: r.id, reason: r.skipReason ?? "" }] : [])),
    notCovered,
    notes: results.flatMap((r) => r.notes.map((note) => ({ id: r.id, note }))),
    cases: [...results],
  };
}

/** How many of the cases passed, failed and were skipped. */
function tally(cases: readonly CaseResult[]) {
  const by = (outcome: CaseResult["outcome"]) => cases.filter((c) => c.outcome === outcome).length;
  return { passed: by("passed"), failed: by("failed"), skipped: by("skipped") };
}

export const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;

/** The report for people: the verdict, each drift once with its spec location and fix, then what was not covered. */
export function renderMarkdown(report: ContractReport): string {
  const { run, totals } = report;
  const out: string[] = [
    `# Contract run against ${run.provider}: ${report.verdict.toUpperCase()}`,
    "",
    `${plural(totals.cases, "case")}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped. ` +
      `${findingCount(report.findings, totals.errors + totals.warnings)}. ` +
      `Explore mode ${run.explore ? "on: findings on assumed parts of the specs are warnings" : "off"}.`,
    "",
    ...(run.safe
      ? [
          "Safe run (CONTRACT_SAFE=true): nothing was sent to an operation that moves money; what that left out is under Skipped cases and Not covered.",
          "",
        ]
      : []),
    ...Object.entries(run.apis).map(([api, url]) => `- ${api}: ${url}`),
    ...Object.entries(run.missing).map(([api, why]) => `- ${api}: not tested (${why})`),
    `- ${run.startedAt} → ${run.finishedAt}`,
    "",
    ...renderFindings(report.findings),
  ];
  out.push("## Checks", "", "| check | passed | failed | skipped |", "| --- | ---: | ---: | ---: |");
  for (const c of report.checks) out.push(`| ${c.check} | ${c.passed} | ${c.failed} | ${c.skipped} |`);
  out.push("", "## Skipped cases", "");
  if (report.skipped.length === 0) out.push("None.");
  else {
    out.push("| case | why |", "| --- | --- |");
    for (const s of report.skipped) out.push(`| ${cell(s.id)} | ${cell(s.reason)} |`);
  }
  out.push("", "## Not covered by this run", "");
  if (report.notCovered.length === 0 && report.notes.length === 0) out.push("Every documented status was exercised.");
  for (const n of report.notCovered) out.push(`- ${n.api} ${n.operationId} ${n.status}: ${n.why}`);
  for (const n of report.notes) out.push(`- ${n.note} (${n.id})`);
  return `${out.join("\n")}\n`;
}

export const count = (n: number) => n.toLocaleString("en-US");
export const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

/** The findings section of a report, one entry per group; `seenIn` labels the cases (or entries) that showed it. */
export function renderFindings(groups: readonly FindingGroup[], options: { seenIn?: string } = {}): string[] {
  const out: string[] = ["## Findings", ""];
  if (groups.length === 0) out.push("None: every answer agreed with the specs.", "");
  groups.forEach((group, index) => {
    const where = group.spec
      ? `${group.spec.file}${group.spec.line ? `:${group.spec.line}` : ""}`
      : "(no spec location)";
    out.push(
      `### ${index + 1}. ${group.severity} · ${group.check} · ${group.rule}`,
      "",
      `- **Spec:** ${where}${group.spec ? ` \`#${group.spec.pointer}\`` : ""} — ${group.source === "assumed" ? `assumed: ${group.assumption}` : "from the seed documents"}`,
      `- **Seen:** ${plural(group.count, "time")}, on ${group.operations.join(", ")}`,
      ...(options.seenIn && group.cases.length ? [`- **${options.seenIn}:** ${group.cases.join(", ")}`] : []),
      ...group.messages.map((m) => `- **What:** ${m}`),
      ...(group.observed.length
        ? [
            `- **Observed:** ${group.observed.map((o) => `\`${o.pointer || "/"}\` = ${"value" in o ? code(o.value) : "(missing)"}`).join(", ")}`,
          ]
        : []),
      ...(group.request ? [`- **Request:** ${describeRequest(group.request)}`] : []),
      ...group.suggestions.map((s) => `- **Suggested change:** ${s}`),
      "",
    );
  });
  return out;
}

/** "3 findings (2 errors, 1 warning), seen 40 times": findings are grouped drifts, sightings every instance. */
export function findingCount(groups: readonly FindingGroup[], sightings: number): string {
  const errors = groups.filter((g) => g.severity === "error").length;
  if (groups.length === 0) return "no findings";
  return `${plural(groups.length, "finding")} (${plural(errors, "error")}, ${plural(groups.length - errors, "warning")}), seen ${plural(sightings, "time")}`;
}

/** `POST /withdrawals {amount: "100.00", …} (provider token)` — never a secret, never file bytes. */
export function describeRequest(request: NonNullable<FindingGroup["request"]>): string {
  const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : "";
  const body = request.body === undefined ? "" : ` ${JSON.stringify(request.body)}`;
  return `\`${request.method} ${request.path}${query}\`${body ? ` body \`${body.trim()}\`` : ""} (${request.auth})`;
}

export const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A JUnit `<failure>` of findings: the first one's check and message, then each with its spec location and fix. */
export function junitFailure(
  findings: ReadonlyArray<{ check: string; message: string; spec: SpecLocation | null; suggestion: string }>,
): string {
  const detail = findings
    .map(
      (f) =>
        `${f.message}\n${f.spec ? `${f.spec.file}:${f.spec.line ?? "?"} #${f.spec.pointer}` : ""}\n${f.suggestion}`,
    )
    .join("\n\n");
  return `<failure type="${xml(findings[0]?.check ?? "")}" message="${xml(findings[0]?.message ?? "")}">${xml(detail)}</failure>`;
}

/** The report for CI systems: one testsuite per API, one testcase per case, findings as failures. */
export function renderJUnit(report: ContractReport): string {
  const apis = [...new Set(report.cases.map((c) => c.api))];
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suites = apis.map((api) => {
    const mine = report.cases.filter((c) => c.api === api);
    const { failed, skipped } = tally(mine);
    const time = mine.reduce((sum, c) => sum + c.durationMs, 0);
    const cases = mine.map((c) => {
      const open = `    <testcase classname="${xml(`${api}.${c.operationId}`)}" name="${xml(`${c.status} ${c.check}: ${c.name}`)}" time="${seconds(c.durationMs)}"`;
      if (c.outcome === "skipped")
        return `${open}>\n      <skipped message="${xml(c.skipReason ?? "")}"/>\n    </testcase>`;
      const errors = c.findings.filter((f) => f.severity === "error");
      if (errors.length === 0) return `${open}/>`;
      return `${open}>\n      ${junitFailure(errors)}\n    </testcase>`;
    });
    return `  <testsuite name="${xml(api)}" tests="${mine.length}" failures="${failed}" skipped="${skipped}" time="${seconds(time)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const { totals } = report;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`contract run against ${report.run.provider}`)}" tests="${totals.cases}" failures="${totals.failed}" skipped="${totals.skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}

export type ReportPaths = Record<"json" | "markdown" | "junit", string>;

/** Writes `report.json`, `report.md` and `report.xml` into `dir`; returns their paths. */
export function writeReportFiles(dir: string, files: { json: unknown; markdown: string; junit: string }): ReportPaths {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, "report.json"), markdown: join(dir, "report.md"), junit: join(dir, "report.xml") };
  writeFileSync(paths.json, `${JSON.stringify(files.json, null, 2)}\n`);
  writeFileSync(paths.markdown, files.markdown);
  writeFileSync(paths.junit, files.junit);
  return paths;
}

/** Writes a contract run's report into `dir`; returns the files' paths. */
export function writeReport(report: ContractReport, dir: string): ReportPaths {
  return writeReportFiles(dir, { json: report, markdown: renderMarkdown(report), junit: renderJUnit(report) });
}

/** The last lines of a run: where the report is. */
export function reportPathLines(paths: ReportPaths): string[] {
  return [`Report: ${paths.markdown}`, `        ${paths.json}`, `        ${paths.junit}`];
}

/** The closing lines of a run: the verdict in one sentence, then where the report is. */
export function summaryLines(report: ContractReport, paths: ReportPaths) {
  const { totals } = report;
  return [
    `Contract run against ${report.run.provider}: ${report.verdict.toUpperCase()} — ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped; ${findingCount(report.findings, totals.errors + totals.warnings)}.`,
    ...(report.notCovered.length
      ? [`Not covered: ${report.notCovered.length} documented statuses (see the report).`]
      : []),
    ...reportPathLines(paths),
  ];
}
