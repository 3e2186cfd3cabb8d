import {
  cell,
  count,
  findingCount,
  junitFailure,
  plural,
  type ReportPaths,
  renderFindings,
  reportPathLines,
  writeReportFiles,
  xml,
} from "../report.js";
import type { VerifyReport } from "./verifier.js";

/** What the traffic held (verified, undocumented, other hosts, unreadable) and the findings, without the full stop. */
function trafficSentence(report: VerifyReport): string {
  const { totals, run } = report;
  const parts = [
    `${count(totals.verified)} verified against an operation`,
    ...(totals.noAnswer ? [`${count(totals.noAnswer)} of them without an answer (request checked only)`] : []),
    ...(totals.bodiesNotRecorded
      ? [`${count(totals.bodiesNotRecorded)} with a body the recording left out (status and content type checked)`]
      : []),
    `${count(totals.undocumented)} to undocumented endpoints`,
    `${count(totals.otherHosts)} to other hosts (ignored)`,
    `${count(totals.unreadable)} unreadable`,
  ];
  const entries = `${count(totals.entries)} ${totals.entries === 1 ? "entry" : "entries"}`;
  const findings = findingCount(report.findings, totals.errors + totals.warnings);
  return `${entries} from ${plural(run.sources.length, "file")}: ${parts.join(", ")}. ${findings}`;
}

/** A Markdown table (its header line and alignment line in `head`), or `empty` when it has no row. */
const table = (empty: string, head: string, rows: string[]) => (rows.length === 0 ? [empty] : [head, ...rows]);

/** The report for people: the verdict, the suite's findings, then coverage and what was not verified. */
export function renderVerifyMarkdown(report: VerifyReport): string {
  const { run, totals } = report;
  const out: string[] = [
    `# Recorded traffic against the specs: ${report.verdict.toUpperCase()}`,
    "",
    `${trafficSentence(report)}. ` +
      `Explore mode ${run.explore ? "on: findings on assumed parts of the specs are warnings" : "off"}.`,
    "",
    ...(report.reasons.length ? [`Failed because ${report.reasons.join("; ")}.`, ""] : []),
    ...Object.entries(run.apis).map(([api, url]) => `- ${api}: ${url}`),
    ...Object.entries(run.missing).map(([api, why]) => `- ${api}: not verified (${why})`),
    `- files: ${run.sources.join(", ") || "(none)"}`,
    `- ${run.startedAt} → ${run.finishedAt}`,
    "",
    ...renderFindings(report.findings, { seenIn: "Entries" }),
    "## Coverage: operation × status the traffic reached",
    "",
    ...table(
      "No entry reached an operation.",
      "| api | operation | status | entries |\n| --- | --- | --- | ---: |",
      report.coverage.map(
        (c) =>
          `| ${c.api} | ${c.operationId} | ${c.status}${c.documented ? "" : " (undocumented)"} | ${count(c.entries)} |`,
      ),
    ),
    "",
    "Documented and never seen:",
    "",
    ...(report.notCovered.length === 0 ? ["- none: the traffic reached every documented status."] : []),
    ...report.notCovered.flatMap((n) =>
      run.missing[n.api] ? [] : [`- ${n.api} ${n.operationId} ${n.status}: ${n.why}`],
    ),
    ...Object.entries(run.missing).map(([api, why]) => `- every status of ${api}: not verified (${why})`),
    "",
    "## Undocumented endpoints seen",
    "",
    ...table("None.", "| api | method | path | entries |\n| --- | --- | --- | ---: |", [
      ...report.undocumented.map((u) => `| ${u.api} | ${u.method} | ${cell(u.path)} | ${count(u.entries)} |`),
      ...(report.undocumentedOmitted ? [`| … | | more endpoints | ${count(report.undocumentedOmitted)} |`] : []),
    ]),
    "",
    "## Other hosts (ignored)",
    "",
    ...table("None.", "| host | entries |\n| --- | ---: |", [
      ...report.otherHosts.map((h) => `| ${cell(h.host)} | ${count(h.entries)} |`),
      ...(report.otherHostsOmitted ? [`| more hosts | ${count(report.otherHostsOmitted)} |`] : []),
    ]),
    "",
    "## Entries that could not be read",
    "",
    ...table("None.", "| file | entry | why |\n| --- | ---: | --- |", [
      ...report.unreadable.map(
        (u) =>
          `| ${cell(u.file)} | ${u.entry === null ? "(the file)" : `log.entries[${u.entry}]`} | ${cell(u.reason)} |`,
      ),
      ...(totals.unreadable > report.unreadable.length
        ? [`| … | | and ${count(totals.unreadable - report.unreadable.length)} more |`]
        : []),
    ]),
  ];
  return `${out.join("\n")}\n`;
}

/** A JUnit testsuite of `cases`, each already rendered. */
const testsuite = (name: string, cases: string[], failures: number, errors: number) =>
  `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${cases.join("\n")}\n  </testsuite>`;

/** The report for CI systems: a testcase per operation reached, failed by its errors; one per unreadable entry. */
export function renderVerifyJUnit(report: VerifyReport): string {
  const errors = report.findings.filter((g) => g.severity === "error");
  const reached = new Map<string, Map<string, number>>();
  for (const { api, operationId, entries } of report.coverage) {
    const operations = reached.get(api) ?? new Map<string, number>();
    reached.set(api, operations.set(operationId, (operations.get(operationId) ?? 0) + entries));
  }
  const suites = [...reached].map(([api, operations]) => {
    let failures = 0;
    const cases = [...operations].map(([operationId, entries]) => {
      const open = `    <testcase classname="${xml(`${api}.${operationId}`)}" name="${xml(`${operationId} (${count(entries)} entries)`)}"`;
      const mine = errors.filter((g) => g.api === api && g.operations.some((o) => o.split(" ")[0] === operationId));
      if (mine.length === 0) return `${open}/>`;
      failures++;
      const items = mine.map((g) => ({ ...g, message: g.messages[0] ?? "", suggestion: g.suggestions.join(" ") }));
      return `${open}>\n      ${junitFailure(items)}\n    </testcase>`;
    });
    return testsuite(api, cases, failures, 0);
  });
  const unreadable = report.unreadable.map((u) => {
    const name = u.entry === null ? u.file : `${u.file} log.entries[${u.entry}]`;
    return `    <testcase classname="unreadable" name="${xml(name)}">\n      <error message="${xml(u.reason)}"/>\n    </testcase>`;
  });
  if (unreadable.length > 0) suites.push(testsuite("unreadable entries", unreadable, 0, unreadable.length));
  const tests = [...reached.values()].reduce((sum, operations) => sum + operations.size, unreadable.length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="recorded traffic against the specs" tests="${tests}">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** Writes the report's three files into `dir`; returns their paths. */
export function writeVerifyReport(report: VerifyReport, dir: string): ReportPaths {
  return writeReportFiles(dir, {
    json: report,
    markdown: renderVerifyMarkdown(report),
    junit: renderVerifyJUnit(report),
  });
}

/** The closing lines: the verdict in one sentence, then where the report is (last). */
export function verifySummaryLines(report: VerifyReport, paths: ReportPaths): string[] {
  return [
    `Recorded traffic against the specs: ${report.verdict.toUpperCase()} — ${trafficSentence(report)}.`,
    ...(report.reasons.length ? [`Failed because ${report.reasons.join("; ")}.`] : []),
    ...reportPathLines(paths),
  ];
}
