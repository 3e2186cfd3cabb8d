import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { findLeaks, harProblems } from "@contracts/test-server/har";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiClient } from "../src/client.js";
import type { OperationTable } from "../src/operation-table.js";
import type { HarEntry, HarLog } from "../src/recording/har.js";
import { createHarFileSink, readHarFile } from "../src/recording/har-file.js";
import { createHarRecorder } from "../src/recording/recorder.js";
import { op } from "./support/operation.js";

const table: OperationTable = {
  CreateThing: op("CreateThing", {
    path: "/things",
    sensitiveFields: ["owner_name"],
    requestBody: { required: true, contentType: "application/json", files: {} },
  }),
};

let server: ScriptedServer;
let dir: string;
beforeEach(async () => {
  server = await startScriptedServer((request) => ({ status: 201, body: { echo: request.json() } }));
  dir = await mkdtemp(join(tmpdir(), "har-file-"));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const TOKEN = "file-sink-token-2b7d";
const OWNER = "Erin Filesink";

async function callTimes(sinkOptions: { maxBytes?: number }, calls: number) {
  const sink = createHarFileSink({ path: join(dir, "traffic.har"), ...sinkOptions });
  const recorder = createHarRecorder({ sink });
  // biome-ignore lint/suspicious/noExplicitAny: the paths type of a hand-built table.
  const client = createApiClient<any>(table, { baseUrl: server.url, token: TOKEN, retry: false, recorder });
  for (let i = 0; i < calls; i++)
    await client.POST("/things", { body: { owner_name: OWNER, n: i, pad: "p".repeat(300) } });
  return { sink, recorder };
}

describe("createHarFileSink", () => {
  it("writes a HAR 1.2 file that parses once closed, holding every entry and no secret or personal value", async () => {
    const { sink, recorder } = await callTimes({}, 3);
    await recorder.close();
    expect(sink.files()).toEqual([join(dir, "traffic.0001.har")]);
    const bytes = await readFile(join(dir, "traffic.0001.har"));
    const log = JSON.parse(bytes.toString("utf8")) as HarLog;
    expect(harProblems(log)).toEqual([]);
    expect(log.log.creator.name).toBe("@contracts/runtime");
    expect(log.log.entries.map((e) => JSON.parse(e.request.postData?.text ?? "").n)).toEqual([0, 1, 2]);
    expect(findLeaks(bytes, { token: TOKEN, owner: OWNER })).toEqual([]);
    expect(recorder.stats()).toEqual({ recorded: 3, dropped: 0, sinkFailures: 0 });
  });

  it("rotates by size into numbered files that each parse, never writing over a file that exists", async () => {
    await writeFile(join(dir, "traffic.0001.har"), "someone else's file");
    const { sink, recorder } = await callTimes({ maxBytes: 4_000 }, 12);
    await recorder.close();
    const files = sink.files();
    expect(files.length).toBeGreaterThan(2);
    expect(files[0]).toBe(join(dir, "traffic.0002.har"));
    expect(await readFile(join(dir, "traffic.0001.har"), "utf8")).toBe("someone else's file");
    const numbers: number[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      const log = JSON.parse(bytes.toString("utf8")) as HarLog;
      expect(harProblems(log), file).toEqual([]);
      expect(log.log.entries.length).toBeGreaterThan(0);
      if (log.log.entries.length > 1) expect(bytes.length).toBeLessThanOrEqual(4_000);
      numbers.push(...log.log.entries.map((e: HarEntry) => JSON.parse(e.request.postData?.text ?? "").n));
    }
    expect(numbers).toEqual([...Array(12).keys()]);
    expect((await readdir(dir)).sort()).toEqual(["traffic.0001.har", ...files.map((f) => f.slice(dir.length + 1))]);
  });

  it("leaves a file cut by a crash readable up to its last whole entry", async () => {
    const { sink, recorder } = await callTimes({}, 3);
    await recorder.flush();
    const [file] = sink.files();
    const whole = await readFile(file as string, "utf8");
    // The process dies while the third entry is half written: the file ends inside its line.
    const cut = whole.slice(0, whole.lastIndexOf(',{"startedDateTime"') + 200);
    await writeFile(file as string, cut);
    expect(() => JSON.parse(cut)).toThrow(SyntaxError);
    const log = await readHarFile(file as string);
    expect(log.log.entries.map((e) => JSON.parse(e.request.postData?.text ?? "").n)).toEqual([0, 1]);
    expect(log.log.comment).toMatch(/cut before it was closed; its 2 whole entries/);
    expect(harProblems(log)).toEqual([]);
  });

  it("reads a closed file as it is", async () => {
    const { sink, recorder } = await callTimes({}, 2);
    await recorder.close();
    const log = await readHarFile(sink.files()[0] as string);
    expect(log.log.entries).toHaveLength(2);
    expect(log.log.comment).toBeUndefined();
  });

  it("holds at most maxQueuedBytes for the disk: a write past it fails, which the recorder counts", async () => {
    const sink = createHarFileSink({ path: join(dir, "small.har"), maxQueuedBytes: 100 });
    const recorder = createHarRecorder({ sink, onError: () => undefined });
    // biome-ignore lint/suspicious/noExplicitAny: the paths type of a hand-built table.
    const client = createApiClient<any>(table, { baseUrl: server.url, retry: false, recorder });
    expect((await client.POST("/things", { body: { n: 1 } })).response.status).toBe(201);
    await recorder.close();
    expect(recorder.stats()).toEqual({ recorded: 0, dropped: 0, sinkFailures: 1 });
    expect(sink.files()).toEqual([]);
  });

  it("refuses entries once closed", async () => {
    const { sink, recorder } = await callTimes({}, 1);
    await recorder.flush();
    await sink.close();
    await expect(sink.write({} as HarEntry)).rejects.toThrow(/closed/);
    expect(recorder.stats().recorded).toBe(1);
  });
});
