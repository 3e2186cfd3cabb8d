import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type HarItem, HarScanner, readHarEntries, verifyHar } from "../src/verify/index.js";
import {
  BASE_URLS,
  cleanEntries,
  harEntry,
  harText,
  OPERATION_ID,
  responseExample,
  tempDir,
  UPMOBILE,
  writeFiles,
} from "./support/har.js";

// Malformed, truncated and hostile HAR: each bad entry gets an error that names it, and every other entry still
// verifies; a file that is not a HAR at all gets one error for the file.

async function verifyFiles(
  files: Record<string, string | Buffer>,
  limits?: { maxEntryBytes?: number; maxDepth?: number },
) {
  const { dir } = writeFiles(files);
  const { report } = await verifyHar(Object.keys(files), {
    cwd: dir,
    baseUrls: BASE_URLS,
    env: {},
    explore: false,
    reportDir: false,
    ...(limits ? { limits } : {}),
  });
  return report;
}

const clean = () => cleanEntries()[1];
const reasons = (report: Awaited<ReturnType<typeof verifyFiles>>) =>
  Object.fromEntries(report.unreadable.map((u) => [`${u.file}${u.entry === null ? "" : ` #${u.entry}`}`, u.reason]));

describe("the streaming HAR reader", () => {
  const tricky = [
    { a: 'quotes " and \\" and \\\\', b: "braces { [ ] } in a string", c: "\\\\", d: "ünïcødé ✓ 🚀" },
    { nested: { list: [1, [2, [3, { x: "]}" }]]], empty: {}, none: [] }, escaped: '\\"}' },
    { tail: "\\" },
  ];
  const text = `{"log":{"pages":[{"title":"{[\\"x"}],"creator":{"comment":"]}]}"},"entries":${JSON.stringify(tricky, null, 1)},"comment":"done"}}`;

  it("cuts out each entry's text exactly, whatever the chunk boundaries (split one byte at a time)", () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const scanner = new HarScanner();
      const items: HarItem[] = [];
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += size) items.push(...scanner.push(bytes.subarray(i, i + size)));
      items.push(...scanner.end());
      expect(
        items.map((item) => (item.kind === "entry" ? JSON.parse(item.text) : item)),
        `chunks of ${size}`,
      ).toEqual(tricky);
    }
  });

  it("holds no more than one entry: a file larger than the bound streams, an entry larger is skipped unread", async () => {
    const dir = tempDir();
    const path = join(dir, "big.har");
    const entry = JSON.stringify(
      harEntry({ url: `${UPMOBILE}/accounts`, body: responseExample("upmobile", "GetAccounts", "200") }),
    );
    writeFileSync(
      path,
      harText(
        [],
        Array.from({ length: 2000 }, () => entry),
      ),
    );
    let count = 0;
    for await (const item of readHarEntries(path, { maxEntryBytes: entry.length, maxDepth: 64 })) {
      expect(item.kind).toBe("entry");
      count++;
    }
    expect(count).toBe(2000);
    const small = [];
    for await (const item of readHarEntries(path, { maxEntryBytes: entry.length - 1, maxDepth: 64 })) small.push(item);
    expect(small[0]).toEqual({
      kind: "error",
      index: 0,
      reason: expect.stringMatching(/^this entry is .* over the .* an entry may take: skipped unread$/),
    });
  });
});

describe("hostile entries: each is named with a clear reason, and every other entry still verifies", () => {
  it("a 50 MB string, deep nesting, wrong types, missing fields, base64 and binary bodies", async () => {
    const html = Buffer.from("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "latin1").toString("base64");
    const binary = harEntry({ url: `${UPMOBILE}/operations/${OPERATION_ID}`, body: "", contentType: "image/png" });
    binary.response.content = { size: 21, mimeType: "image/png", text: html, encoding: "base64" };
    const noContent = harEntry({ url: `${UPMOBILE}/accounts`, body: {} }) as unknown as {
      response: Record<string, unknown>;
    };
    delete noContent.response.content;
    const huge = harEntry({ url: `${UPMOBILE}/accounts`, body: "" });
    const hugeText = JSON.stringify(huge).replace('"text":""', `"text":"${"x".repeat(50 * 1024 * 1024)}"`);
    const raw = [
      JSON.stringify(clean()), // 0
      hugeText, // 1
      `{"deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, // 2
      "42", // 3
      JSON.stringify({ ...clean(), response: { ...clean()?.response, status: "200" } }), // 4
      JSON.stringify({ ...clean(), request: { ...clean()?.request, url: 42 } }), // 5
      JSON.stringify({ response: clean()?.response }), // 6
      JSON.stringify({ request: clean()?.request }), // 7
      JSON.stringify(noContent), // 8
      JSON.stringify(
        harEntry({
          url: `${UPMOBILE}/operations/${OPERATION_ID}`,
          body: responseExample("upmobile", "GetOperation", "200"),
          base64: true,
        }),
      ), // 9
      JSON.stringify(binary), // 10
      `{"request": {"method": "GET", "url": "${UPMOBILE}/accounts"}, "response": {"status": 200, "content": {"text": [1]}}}`, // 11
      JSON.stringify(clean()), // 12
      JSON.stringify(harEntry({ url: `${UPMOBILE}/accounts`, body: `${"[".repeat(1000)}${"]".repeat(1000)}` })), // 13
    ];
    const report = await verifyFiles({ "hostile.har": harText([], raw) });
    expect(reasons(report)).toEqual({
      "hostile.har #1": expect.stringMatching(
        /^this entry is 50 MB, over the 16 MB an entry may take: skipped unread$/,
      ),
      "hostile.har #2": "this entry nests arrays or objects deeper than 64 levels: skipped unread",
      "hostile.har #3": "its entry is number, not an object",
      "hostile.har #4": 'its response.status is string "200", not an HTTP status',
      "hostile.har #5": "its request.url is number, not a string",
      "hostile.har #6": "it has no request",
      "hostile.har #7": "it has no response",
      "hostile.har #8": "it has no response.content",
      "hostile.har #11": "its response.content.text is an array, not a string",
      "hostile.har #13": "its response body nests arrays or objects deeper than 64 levels",
    });
    // The base64 body decodes to the documented example; the binary one is reported as what it is.
    expect(report.totals).toMatchObject({ entries: 14, verified: 4, unreadable: 10 });
    expect(report.findings.map((g) => [g.check, g.operations])).toEqual([
      ["content-type conformance", ["GetOperation 200"]],
    ]);
    expect(report.findings[0]?.messages[0]).toContain("was not the API's JSON but");
    expect(report.findings[0]?.messages[0]).toContain("served as image/png");
    expect(report.verdict).toBe("failed");
    expect(report.reasons).toContain("10 entries or files could not be read");
  });

  it("a truncated file: the entry cut off is named, the ones before it verify", async () => {
    const text = harText(cleanEntries());
    const cut = text.slice(0, text.lastIndexOf('"cache"'));
    const report = await verifyFiles({ "cut.har": cut });
    expect(reasons(report)).toEqual({ "cut.har #6": "the file ends inside this entry (it is truncated)" });
    expect(report.totals).toMatchObject({ entries: 7, verified: 6 });
    expect(report.findings).toEqual([]);
  });

  it("a file that is not a HAR, or has no log.entries, is one clear error; the other files still verify", async () => {
    const between = harText(cleanEntries().slice(0, 2));
    const report = await verifyFiles({
      "a-good.har": harText(cleanEntries()),
      "b-text.har": "this is not JSON",
      "c-no-entries.har": '{"log":{"version":"1.2","pages":[]}}',
      "d-empty.har": "",
      "e-between.har": between.slice(0, between.indexOf("},\n{") + 2),
      "f-broken.har": '{"log" 1}',
      "g-other.json": '{"entries":[]}',
      "h-binary.har": Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]),
    });
    expect(reasons(report)).toEqual({
      "b-text.har": "it is not a HAR file: it does not start with a JSON object (at byte 0)",
      "c-no-entries.har": "it is not a HAR file: its log has no entries array",
      "d-empty.har": "the file is empty",
      "e-between.har": "the file ends after log.entries[0] (it is truncated)",
      "f-broken.har": `it is not valid JSON: "1" where ':' was expected (at byte 7)`,
      "g-other.json": "it is not a HAR file: it has no log object",
      "h-binary.har": "it is not a HAR file: it does not start with a JSON object (at byte 0)",
    });
    expect(report.totals).toMatchObject({ verified: 8, unreadable: 7 });
  });
});
