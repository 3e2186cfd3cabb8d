import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cleanEntries,
  harEntry,
  harText,
  OPERATION_ID,
  responseExample,
  TOPUP,
  tempDir,
  UPMOBILE,
  writeFiles,
} from "./support/har.js";

// The built command, as `pnpm contract:verify` runs it: exit 0 when the traffic agrees with the specs, 1 when it
// does not (or could not all be read), 2 for bad usage; the report's paths are the last lines it prints.

const CLI = join(import.meta.dirname, "..", "dist", "verify", "cli.js");

function run(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  expect(existsSync(CLI), "the CLI is built (pnpm --filter @contracts/contract-tests build)").toBe(true);
  const { INIT_CWD: _, UPMOBILE_BASE_URL: __, TOPUP_BASE_URL: ___, CONTRACT_EXPLORE: ____, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...env, UPMOBILE_BASE_URL: UPMOBILE, TOPUP_BASE_URL: TOPUP, ...options.env },
    encoding: "utf8",
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    lines: result.stdout.trimEnd().split("\n"),
  };
}

const drifted = () => {
  const body = responseExample("upmobile", "GetOperation", "200");
  (body.data as Record<string, unknown>).status = "cancelled";
  return harEntry({ url: `${UPMOBILE}/operations/${OPERATION_ID}`, body });
};

describe("pnpm contract:verify", () => {
  it("exits 0 for traffic that agrees with the specs and prints the report's paths last", () => {
    const { dir } = writeFiles({ "clean.har": harText(cleanEntries()) });
    const out = run(["clean.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: "out" } });
    expect(out.code, out.stderr).toBe(0);
    expect(out.lines.slice(-3)).toEqual([
      `Report: ${join(dir, "out", "report.md")}`,
      `        ${join(dir, "out", "report.json")}`,
      `        ${join(dir, "out", "report.xml")}`,
    ]);
    expect(out.lines.at(-4)).toMatch(/^Recorded traffic against the specs: PASSED — 7 entries from 1 file: 7 verified/);
    expect(JSON.parse(readFileSync(join(dir, "out", "report.json"), "utf8"))).toMatchObject({ verdict: "passed" });
  });

  it("exits 1 on drift, printing each finding when first seen, then the verdict and the paths", () => {
    const { dir } = writeFiles({ "drift.har": harText([drifted(), drifted()]) });
    const out = run(["drift.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: join(dir, "r") } });
    expect(out.code).toBe(1);
    expect(out.stdout.match(/\[response schema conformance\]/g)).toHaveLength(1);
    expect(out.stdout).toContain(
      'drift.har log.entries[0]: [response schema conformance] GetOperation 200: data.status is "cancelled"',
    );
    expect(out.stdout).toMatch(
      /spec: specs\/upmobile\/openapi\.yaml:\d+ #\/components\/schemas\/OperationStatus\/enum \(assumed\)/,
    );
    expect(out.lines.at(-1)).toBe(`        ${join(dir, "r", "report.xml")}`);
    expect(readFileSync(join(dir, "r", "report.md"), "utf8")).toContain("- **Seen:** 2 times, on GetOperation 200");
  });

  it("passes in explore mode when the only findings are on assumed parts", () => {
    const { dir } = writeFiles({ "drift.har": harText([drifted()]) });
    const out = run(["--explore", "drift.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: "r" } });
    expect(out.code).toBe(0);
    expect(run(["drift.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: "r", CONTRACT_EXPLORE: "true" } }).code).toBe(0);
  });

  it("exits 1 when nothing could be verified: an unreadable file, or traffic of no API at its base URL", () => {
    const { dir } = writeFiles({
      "bad.har": "not json",
      "cdn.har": harText([harEntry({ url: "https://cdn.example/a.js", body: "" })]),
    });
    const bad = run(["bad.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: "r" } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("1 entry or file could not be read");
    const other = run(["cdn.har"], { cwd: dir, env: { CONTRACT_REPORT_DIR: "r" } });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("no entry matched an operation of an API at its base URL");
  });

  it("reads relative paths from INIT_CWD (where pnpm was run), a folder as its .har files, and --base-url", () => {
    const { dir } = writeFiles({
      "a.har": harText(cleanEntries().slice(0, 2)),
      "b.har": harText(cleanEntries().slice(2, 3)),
      "notes.txt": "x",
    });
    const elsewhere = tempDir();
    const out = run(["--base-url", `upmobile=${UPMOBILE}`, "."], {
      cwd: elsewhere,
      env: { INIT_CWD: dir, CONTRACT_REPORT_DIR: "r", TOPUP_BASE_URL: "" },
    });
    expect(out.code, out.stdout + out.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "r", "report.json"), "utf8"));
    expect(report.run.sources).toEqual(["a.har", "b.har"]);
    expect(report.totals.verified).toBe(3);
  });

  it("exits 2 on bad usage: no path, an unknown option, a path that does not exist, a base URL that is not one", () => {
    const dir = tempDir();
    const cases: Array<[string[], RegExp]> = [
      [[], /Name at least one HAR file or folder\./],
      [["--verbose", "x.har"], /Unknown option --verbose\./],
      [["missing.har"], /missing\.har does not exist\./],
      [["--base-url", "upmobile", "x.har"], /--base-url takes <api>=<url>/],
    ];
    for (const [args, message] of cases) {
      const out = run(args, { cwd: dir });
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stderr).toContain("Usage: pnpm contract:verify");
    }
    const { dir: withFile } = writeFiles({ "x.har": harText([]) });
    const out = run(["x.har"], { cwd: withFile, env: { UPMOBILE_BASE_URL: "ftp://x", TOPUP_BASE_URL: "" } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('UPMOBILE_BASE_URL must be an http(s) URL, got "ftp://x".');
  });
});
