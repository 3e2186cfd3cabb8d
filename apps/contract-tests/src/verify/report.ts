import type { FindingGroup } from "../findings.js";
import {
  cell,
  count,
  findingCount,
  junitFailure,
  plural,
  type ReportPaths,
  type RunInfo,
  renderFindings,
  reportPathLines,
  writeReportFiles,
  xml,
} from "../report.js";
import type { ApiName } from "../spec.js";

/** What was verified: the files, each API's base URL (and why the others are not verified), the mode, the time. */
export interface VerifyRun extends Omit<RunInfo, "provider" | "safe"> {
  sources: string[];
}

/** The report of `contract:verify`: the suite's findings, plus what the traffic covered and what it could not. */
export interface VerifyReport {
  run: VerifyRun;
  verdict: "passed" | "failed";
  /** Why the verdict is failed, in sentences (empty when passed). */
  reasons: string[];
  totals: {
    /** Every entry read or attempted, unreadable ones included. */
    entries: number;
    /** Entries matched to an operation and checked. */
    verified: number;
    /** Of those, requests that got no HTTP answer (status 0): only the request was checked. */
    noAnswer: number;
    /** Of those, answers whose body the recording left out: status and content type checked, not the body. */
    bodiesNotRecorded: number;
    undocumented: number;
    otherHosts: number;
    unreadable: number;
    /** Sightings of error and warning findings. */
    errors: number;
    warnings: number;
  };
  findings: FindingGroup[];
  /** Each operation × status the traffic reached (documented ones by their key, `5XX` for a 503), with counts. */
  coverage: Array<{ api: ApiName; operationId: string; status: string; documented: boolean; entries: number }>;
  /** Documented operation × status pairs no entry reached, with why. */
  notCovered: Array<{ api: ApiName; operationId: string; status: string; why: string }>;
  /** Requests under an API's base URL that match no operation, by method and path. */
  undocumented: Array<{ api: ApiName; method: string; path: string; entries: number }>;
  /** How many entries of distinct endpoints beyond the first thousand are only counted. */
  undocumentedOmitted: number;
  otherHosts: Array<{ host: string; entries: number }>;
  otherHostsOmitted: number;
  /** Entries (or whole files, entry null) that could not be read, and why; the first thousand. */
  unreadable: Array<{ file: string; entry: number | null; reason: string }>;
}

/** What the verifier collected, before the verdict and the not-covered list are worked out. */
export interface VerifyTally extends Omit<VerifyReport, "verdict" | "reasons" | "coverage" | "notCovered"> {
  coverage: Array<{ api: ApiName; operationId: string; status: string; entries: number }>;
  documented: ReadonlyArray<{ api: ApiName; operationId: string; status: string }>;
}

/** The report from a tally: failed by an error finding, an unreadable entry or file, or nothing verified. */
export function buildVerifyReport(tally: VerifyTally): VerifyReport {
  const { run, totals, documented, coverage: reached, findings, ...rest } = tally;
  const isDocumented = new Set(documented.map((d) => `${d.api} ${d.operationId} ${d.status}`));
  const coverage = [...reached]
    .map((row) => ({ ...row, documented: isDocumented.has(`${row.api} ${row.operationId} ${row.status}`) }))
    .sort((a, b) => `${a.api} ${a.operationId} ${a.status}`.localeCompare(`${b.api} ${b.operationId} ${b.status}`));
  const seen = new Set(coverage.map((row) => `${row.api} ${row.operationId} ${row.status}`));
  const notCovered = documented.flatMap((d) =>
    seen.has(`${d.api} ${d.operationId} ${d.status}`)
      ? []
      : [{ ...d, why: run.missing[d.api] ? `not verified: ${run.missing[d.api]}` : "no entry of the traffic" }],
  );
  const reasons: string[] = [];
  const errorGroups = findings.filter((g) => g.severity === "error").length;
  if (errorGroups > 0)
    reasons.push(`${plural(errorGroups, "finding")} ${errorGroups === 1 ? "is an error" : "are errors"}`);
  if (totals.unreadable > 0) {
    reasons.push(
      `${count(totals.unreadable)} ${totals.unreadable === 1 ? "entry or file" : "entries or files"} could not be read`,
    );
  }
  if (totals.verified === 0) {
    reasons.push(
      "no entry matched an operation of an API at its base URL, so nothing was verified (check the base URLs)",
    );
  }
  return {
    run,
    verdict: reasons.length > 0 ? "failed" : "passed",
    reasons,
    totals,
    findings,
    coverage,
    notCovered,
    ...rest,
  };
}

/** One sentence of what the traffic held: verified, undocumented, other hosts, unreadable. */
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
  return `${entries} from ${plural(run.sources.length, "file")}: ${parts.join(", ")}.`;
}

/** The report for people: the verdict, the suite's findings, then coverage and what was not verified. */
export function renderVerifyMarkdown(report: VerifyReport): string {
  const { run, totals } = report;
  const out: string[] = [
    `# Recorded traffic against the specs: ${report.verdict.toUpperCase()}`,
    "",
    `${trafficSentence(report)} ${findingCount(report.findings, totals.errors + totals.warnings)}. ` +
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
  ];
  if (report.coverage.length === 0) out.push("No entry reached an operation.");
  else {
    out.push("| api | operation | status | entries |", "| --- | --- | --- | ---: |");
    for (const c of report.coverage) {
      out.push(
        `| ${c.api} | ${c.operationId} | ${c.status}${c.documented ? "" : " (undocumented)"} | ${count(c.entries)} |`,
      );
    }
  }
  out.push("", "Documented and never seen:", "");
  if (report.notCovered.length === 0) out.push("- none: the traffic reached every documented status.");
  for (const n of report.notCovered)
    if (!run.missing[n.api]) out.push(`- ${n.api} ${n.operationId} ${n.status}: ${n.why}`);
  for (const [api, why] of Object.entries(run.missing)) out.push(`- every status of ${api}: not verified (${why})`);
  out.push("", "## Undocumented endpoints seen", "");
  if (report.undocumented.length === 0) out.push("None.");
  else {
    out.push("| api | method | path | entries |", "| --- | --- | --- | ---: |");
    for (const u of report.undocumented) out.push(`| ${u.api} | ${u.method} | ${cell(u.path)} | ${count(u.entries)} |`);
    if (report.undocumentedOmitted) out.push(`| … | | more endpoints | ${count(report.undocumentedOmitted)} |`);
  }
  out.push("", "## Other hosts (ignored)", "");
  if (report.otherHosts.length === 0) out.push("None.");
  else {
    out.push("| host | entries |", "| --- | ---: |");
    for (const h of report.otherHosts) out.push(`| ${cell(h.host)} | ${count(h.entries)} |`);
    if (report.otherHostsOmitted) out.push(`| more hosts | ${count(report.otherHostsOmitted)} |`);
  }
  out.push("", "## Entries that could not be read", "");
  if (report.unreadable.length === 0) out.push("None.");
  else {
    out.push("| file | entry | why |", "| --- | ---: | --- |");
    for (const u of report.unreadable) {
      out.push(
        `| ${cell(u.file)} | ${u.entry === null ? "(the file)" : `log.entries[${u.entry}]`} | ${cell(u.reason)} |`,
      );
    }
    if (totals.unreadable > report.unreadable.length) {
      out.push(`| … | | and ${count(totals.unreadable - report.unreadable.length)} more |`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** The report for CI systems: a testcase per operation reached, failed by its errors; one per unreadable entry. */
export function renderVerifyJUnit(report: VerifyReport): string {
  const errors = report.findings.filter((g) => g.severity === "error");
  const suites: string[] = [];
  const apis = [...new Set(report.coverage.map((c) => c.api))];
  for (const api of apis) {
    const operations = [...new Set(report.coverage.filter((c) => c.api === api).map((c) => c.operationId))];
    let failures = 0;
    const cases = operations.map((operationId) => {
      const entries = report.coverage
        .filter((c) => c.api === api && c.operationId === operationId)
        .reduce((total, c) => total + c.entries, 0);
      const open = `    <testcase classname="${xml(`${api}.${operationId}`)}" name="${xml(`${operationId} (${count(entries)} entries)`)}"`;
      const mine = errors.filter((g) => g.api === api && g.operations.some((o) => o.split(" ")[0] === operationId));
      if (mine.length === 0) return `${open}/>`;
      failures++;
      const items = mine.map((g) => ({
        check: g.check,
        message: g.messages[0] ?? "",
        spec: g.spec,
        suggestion: g.suggestions.join(" "),
      }));
      return `${open}>\n      ${junitFailure(items)}\n    </testcase>`;
    });
    suites.push(
      `  <testsuite name="${xml(api)}" tests="${operations.length}" failures="${failures}" errors="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (report.unreadable.length > 0) {
    const cases = report.unreadable.map((u) => {
      const name = u.entry === null ? u.file : `${u.file} log.entries[${u.entry}]`;
      return `    <testcase classname="unreadable" name="${xml(name)}">\n      <error message="${xml(u.reason)}"/>\n    </testcase>`;
    });
    suites.push(
      `  <testsuite name="unreadable entries" tests="${cases.length}" failures="0" errors="${cases.length}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  const tests = new Set(report.coverage.map((c) => `${c.api} ${c.operationId}`)).size + report.unreadable.length;
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
  const { totals } = report;
  return [
    `Recorded traffic against the specs: ${report.verdict.toUpperCase()} — ${trafficSentence(report)} ${findingCount(report.findings, totals.errors + totals.warnings)}.`,
    ...(report.reasons.length ? [`Failed because ${report.reasons.join("; ")}.`] : []),
    ...reportPathLines(paths),
  ];
}
