/**
 * Section "verify": `pnpm contract:verify` on a HAR of a million entries, written to a temporary folder from the
 * specs' own examples with some drift and foreign traffic mixed in, verified by the built CLI in a child process.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepositoryRoot } from "@contracts/codegen";
import type { SpecFacts } from "@contracts/codegen/registry";
import type { HarEntry } from "@contracts/runtime";
import type { OperationTable } from "@contracts/runtime/internal";
import { operationTable as topupOperations } from "@contracts/topup/spec";
import { operationTable as upmobileOperations } from "@contracts/upmobile/spec";
import { mark, table } from "./report.js";
import { BenchAbort, type BenchSection } from "./sections.js";
import { topupSpec, upmobileSpec } from "./spec-facts.js";

const ROOT = findRepositoryRoot(import.meta.dirname);
const CLI = join(ROOT, "apps", "contract-tests", "dist", "verify", "cli.js");

/** Targets from the issue: a million entries at 10,000 entries/s or more, in at most 300 MB. */
export const VERIFY_TARGET_ENTRIES_PER_SECOND = 10_000;
export const VERIFY_TARGET_PEAK_RSS_MB = 300;

const BASE_URLS = { upmobile: "https://api.upmobile.example/v2", topup: "https://payouts.paymob.example/api/secure" };

type Json = Record<string, unknown>;

const headers = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));

function entry(
  method: string,
  url: string,
  status: number,
  body: string,
  contentType: string,
  postData?: HarEntry["request"]["postData"],
  operationId?: string,
): HarEntry {
  return {
    startedDateTime: "2026-12-01T10:00:00.000Z",
    time: 42,
    request: {
      method,
      url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headers({
        accept: "application/json",
        authorization: "[REDACTED]",
        "user-agent": "@contracts/upmobile/0.1.0 node/20",
        ...(postData ? { "content-type": postData.mimeType } : {}),
      }),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: postData?.text?.length ?? 0,
    },
    response: {
      status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headers({
        "content-type": contentType,
        date: "Tue, 01 Dec 2026 10:00:00 GMT",
        "x-request-id": "5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "cache-control": "no-store",
      }),
      content: { size: body.length, mimeType: contentType, text: body },
      redirectURL: "",
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 1, wait: 40, receive: 1 },
    ...(operationId ? { _operationId: operationId } : {}),
  };
}

/** A documented status as one concrete code (`5XX` → 503). */
const concrete = (status: string) => Number(status.replace(/X/g, "0")) + (status.endsWith("XX") ? 3 : 0);

/** The request body of an example as the recorder writes it: secrets redacted, a file part without its bytes. */
function postDataOf(contentType: string, example: Json, files: readonly string[]): HarEntry["request"]["postData"] {
  if (contentType === "application/json") return { mimeType: contentType, text: JSON.stringify(example) };
  const params = Object.entries(example).map(([name, value]) =>
    files.includes(name)
      ? { name, fileName: String(value), contentType: "application/pdf", _size: 48_213, _sha256: "ab".repeat(32) }
      : { name, value: /password|secret|token/.test(name) ? "[REDACTED]" : String(value) },
  );
  return { mimeType: contentType, params };
}

/** Every example exchange of one API: each documented response example, with a request example of its operation. */
function exchangesOf(facts: SpecFacts, operations: OperationTable, base: string): HarEntry[] {
  const out: HarEntry[] = [];
  for (const op of Object.values(operations)) {
    const opFacts = facts.operations[op.operationId];
    if (!opFacts) continue;
    let path = op.path;
    const query = new URLSearchParams();
    for (const p of opFacts.parameters) {
      if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
      else if (p.in === "query" && p.example !== undefined) query.set(p.name, String(p.example));
    }
    const url = `${base}${path}${query.size ? `?${query}` : ""}`;
    const requests = opFacts.requestBody?.examples ?? [];
    const files = Object.keys(op.requestBody?.files ?? {});
    for (const [status, response] of Object.entries(opFacts.responses)) {
      if (!/^[1-5][0-9X]{2}$/.test(status)) continue;
      response.examples.forEach((example, i) => {
        const request = requests[i % Math.max(requests.length, 1)];
        const postData =
          request && op.requestBody ? postDataOf(op.requestBody.contentType, request.value as Json, files) : undefined;
        out.push(
          entry(
            op.method,
            url,
            concrete(status),
            JSON.stringify(example.value),
            "application/json",
            postData,
            op.operationId,
          ),
        );
      });
    }
  }
  return out;
}

/**
 * Odd entries: an enum value the spec lacks, a proxy's HTML page, a page size past its maximum, an undocumented
 * path, another host.
 */
function oddities(clean: readonly HarEntry[]): HarEntry[] {
  const withStatus = clean.find(
    (e) => /"status":"pending"/.test(e.response.content.text ?? "") && e.response.status === 200,
  );
  if (!withStatus) throw new BenchAbort("No example answer with a pending status to drift.");
  const drifted = structuredClone(withStatus);
  drifted.response.content.text = (drifted.response.content.text ?? "").replace(
    '"status":"pending"',
    '"status":"cancelled"',
  );
  const html = structuredClone(withStatus);
  html.response.status = 502;
  html.response.content = {
    size: 0,
    mimeType: "text/html",
    text: "<html><body><h1>502 Bad Gateway</h1></body></html>",
  };
  html.response.headers = headers({ "content-type": "text/html" });
  const paged = clean.find((e) => e.request.url.includes("page_size="));
  if (!paged) throw new BenchAbort("No example request with a page_size to drift.");
  const tooLarge = structuredClone(paged);
  tooLarge.request.url = tooLarge.request.url.replace(/page_size=\d+/, "page_size=500");
  const undocumented = entry("GET", `${BASE_URLS.upmobile}/health`, 200, '{"ok":true}', "application/json");
  const other = entry("GET", "https://cdn.example.com/app.js", 200, "console.log(1)", "text/javascript");
  return [drifted, html, tooLarge, undocumented, other];
}

/** Writes a HAR of `count` entries: the clean exchanges in turn, one odd entry in every 25. */
async function writeHar(path: string, count: number): Promise<{ bytes: number }> {
  const exchanges = [
    ...exchangesOf(upmobileSpec, upmobileOperations, BASE_URLS.upmobile),
    ...exchangesOf(topupSpec, topupOperations, BASE_URLS.topup),
  ];
  const clean = exchanges.map((e) => JSON.stringify(e));
  const odd = oddities(exchanges).map((e) => JSON.stringify(e));
  const pick = (i: number) => (i % 25 === 24 ? odd[((i / 25) % odd.length) | 0] : clean[i % clean.length]) as string;
  function* chunks() {
    yield '{"log":{"version":"1.2","creator":{"name":"pnpm bench","version":"0.1.0"},"entries":[\n';
    for (let start = 0; start < count; start += 1000) {
      const end = Math.min(count, start + 1000);
      const batch = Array.from({ length: end - start }, (_, k) => pick(start + k));
      yield `${batch.join(",\n")}${end === count ? "\n" : ",\n"}`;
    }
    yield "]}}\n";
  }
  await writeFile(path, chunks());
  return { bytes: (await stat(path)).size };
}

/** Runs the CLI on the file; its wall time, exit code and peak RSS (VmHWM, polled from /proc while it runs). */
async function runVerifier(file: string, reportDir: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, file], {
    env: {
      ...process.env,
      UPMOBILE_BASE_URL: BASE_URLS.upmobile,
      TOPUP_BASE_URL: BASE_URLS.topup,
      CONTRACT_REPORT_DIR: reportDir,
      CONTRACT_EXPLORE: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk));
  let peakKb = 0;
  const poll = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, "utf8").then(
      (status) => {
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
        if (kb > peakKb) peakKb = kb;
      },
      () => undefined,
    );
  }, 25);
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
  clearInterval(poll);
  return { ms: performance.now() - started, code, peakKb, output };
}

export const verifySection: BenchSection = {
  id: "verify",
  title: "pnpm contract:verify on a HAR of a million entries: entries per second and peak memory",
  async run({ log, quick }) {
    const count = quick ? 100_000 : 1_000_000;
    const dir = await mkdtemp(join(tmpdir(), "bench-verify-"));
    try {
      const file = join(dir, "traffic.har");
      log(`  writing ${count.toLocaleString("en-US")} entries …`);
      const { bytes } = await writeHar(file, count);
      log(`  verifying ${(bytes / 1024 / 1024).toFixed(0)} MB in a child process …`);
      const run = await runVerifier(file, join(dir, "report"));
      const report = JSON.parse(await readFile(join(dir, "report", "report.json"), "utf8").catch(() => "null")) as {
        totals: { entries: number; verified: number; undocumented: number; otherHosts: number; unreadable: number };
        findings: unknown[];
      } | null;
      if (!report || report.totals.entries !== count || report.totals.unreadable !== 0) {
        throw new BenchAbort(`The verifier did not read every entry (exit ${run.code}):\n${run.output.slice(-2000)}`);
      }
      if (run.code !== 1 || report.findings.length === 0) {
        throw new BenchAbort(`The drift in the file was not found (exit ${run.code}).`);
      }
      const perSecond = count / (run.ms / 1000);
      const peakMb = run.peakKb / 1024;
      const result = {
        entries: count,
        fileMb: bytes / 1024 / 1024,
        seconds: run.ms / 1000,
        entriesPerSecond: perSecond,
        peakRssMb: peakMb,
        totals: report.totals,
        findingGroups: report.findings.length,
        targets: { entriesPerSecond: VERIFY_TARGET_ENTRIES_PER_SECOND, peakRssMb: VERIFY_TARGET_PEAK_RSS_MB },
        met: perSecond >= VERIFY_TARGET_ENTRIES_PER_SECOND && peakMb <= VERIFY_TARGET_PEAK_RSS_MB,
      };
      const lines = [
        `node ${process.version}; ${count.toLocaleString("en-US")} entries (${result.fileMb.toFixed(0)} MB) of both APIs, ` +
          `${report.totals.verified.toLocaleString("en-US")} verified, ${report.totals.undocumented.toLocaleString("en-US")} undocumented, ` +
          `${report.totals.otherHosts.toLocaleString("en-US")} other hosts; ${result.findingGroups} findings; the CLI's whole run, start-up and report included`,
        "",
        ...table([
          ["", "measured", "target", ""],
          [
            "entries per second",
            Math.round(perSecond).toLocaleString("en-US"),
            `≥ ${VERIFY_TARGET_ENTRIES_PER_SECOND.toLocaleString("en-US")}`,
            mark(perSecond >= VERIFY_TARGET_ENTRIES_PER_SECOND),
          ],
          [
            "peak RSS (VmHWM)",
            `${peakMb.toFixed(0)} MB`,
            `≤ ${VERIFY_TARGET_PEAK_RSS_MB} MB`,
            mark(peakMb <= VERIFY_TARGET_PEAK_RSS_MB),
          ],
          ["wall time", `${result.seconds.toFixed(1)} s`, "", ""],
        ]),
      ];
      return { lines, json: result };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
