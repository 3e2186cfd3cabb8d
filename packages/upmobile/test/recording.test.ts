import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REDACTED } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { findLeaks, harProblems } from "@contracts/test-server/har";
import { afterEach, describe, expect, it } from "vitest";
import { createHarFileSink } from "../src/har-file.js";
import { createHarRecorder, createUpmobileClient, type HarEntry } from "../src/index.js";
import { operationTable } from "../src/spec.js";
import { account, OPERATION_ID, operationEnvelope } from "./support/fixtures.js";

const TOKEN = "upmobile-token-8e21f0";
const PERSONAL = {
  destination: "+79161112233",
  sender: "Ivan Recorded-Sender",
  receiver: "Maria Recorded-Receiver",
  accountName: "Ivan's savings 7731",
  ownerId: "6c0e1f2a-9b8d-4c7e-a5f3-112233445566",
};

let server: ScriptedServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

const mine = { ...account(1), name: PERSONAL.accountName, owner_id: PERSONAL.ownerId };
const operation = () => {
  const envelope = operationEnvelope("pending");
  Object.assign(envelope.data, {
    destination: PERSONAL.destination,
    sender_label: PERSONAL.sender,
    receiver_label: PERSONAL.receiver,
    from_account: mine,
  });
  return envelope;
};

describe("recording the Upmobile client to a HAR file", () => {
  it("hashes the spec's personal fields alike in every entry, and writes no token or personal value", async () => {
    server = await startScriptedServer((req) => {
      if (req.url.startsWith("/accounts")) {
        return {
          status: 200,
          body: { data: { accounts: [mine, account(2)], pages: 1 }, status: "success", status_code: 200 },
        };
      }
      return { status: 200, body: operation() };
    });
    dir = await mkdtemp(join(tmpdir(), "upmobile-har-"));
    const sink = createHarFileSink({ path: join(dir, "upmobile.har") });
    const recorder = createHarRecorder({ sink });
    const client = createUpmobileClient({ baseUrl: server.url, token: TOKEN, recorder });

    await client.GET("/accounts", { params: { query: { page_size: 50 } } });
    await client.POST("/withdrawals", {
      body: {
        account_id: mine.id,
        amount: "100.00",
        currency_code: "RUB",
        category_code: "mobile",
        operator_code: "beeline",
        region_code: "RU",
        destination: PERSONAL.destination,
      },
    });
    const { data } = await client.GET("/operations/{id}", { params: { path: { id: OPERATION_ID } } });
    expect(data?.data.destination).toBe(PERSONAL.destination);
    await recorder.close();

    const bytes = await readFile(sink.files()[0] as string);
    expect(findLeaks(bytes, { TOKEN, ...PERSONAL })).toEqual([]);
    const log = JSON.parse(bytes.toString("utf8"));
    expect(harProblems(log)).toEqual([]);
    const [accounts, init, get] = log.log.entries as [HarEntry, HarEntry, HarEntry];
    expect([accounts, init, get].map((e) => e._operationId)).toEqual(["GetAccounts", "InitWithdrawal", "GetOperation"]);
    expect(operationTable.GetOperation.sensitiveFields).toEqual(
      expect.arrayContaining(["destination", "sender_label", "receiver_label", "name", "owner_id"]),
    );

    const listed = JSON.parse(accounts.response.content.text ?? "").data.accounts;
    const sent = JSON.parse(init.request.postData?.text ?? "");
    const started = JSON.parse(init.response.content.text ?? "").data;
    const read = JSON.parse(get.response.content.text ?? "").data;
    expect(sent.destination).toMatch(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/);
    expect([started.destination, read.destination]).toEqual([sent.destination, sent.destination]);
    expect([started.from_account.name, read.from_account.name]).toEqual([listed[0].name, listed[0].name]);
    expect([started.from_account.owner_id, read.from_account.owner_id]).toEqual([
      listed[0].owner_id,
      listed[0].owner_id,
    ]);
    expect(listed[1].name).not.toBe(listed[0].name);
    expect(read.sender_label).not.toBe(read.receiver_label);
    // What is not personal stays readable, so a recording can still be checked against the spec.
    expect(sent).toMatchObject({ account_id: mine.id, amount: "100.00", operator_code: "beeline" });
    expect(read).toMatchObject({
      id: OPERATION_ID,
      status: "pending",
      from_account: { id: mine.id, balance: "100.00" },
    });
    for (const entry of [accounts, init, get]) {
      expect(entry.request.headers.find((h) => h.name === "authorization")?.value).toBe(REDACTED);
    }
    expect(accounts.request.queryString).toEqual([{ name: "page_size", value: "50" }]);
  });
});
