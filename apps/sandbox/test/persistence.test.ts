import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../src/index.js";
import { formatAmount, parseAmount } from "../src/money.js";
import { books, pdf, settle, topupClient, upmobileClient, withdrawal } from "./helpers.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const open = (dataDir: string) => startSandbox({ port: 0, dataDir, operationStepMs: 40 });
const firstAccountId = async (sandbox: Sandbox) => {
  const { data } = await upmobileClient(sandbox).GET("/accounts", {});
  return data?.data.accounts[0]?.id ?? "";
};

describe("persistence with a data directory", () => {
  it("keeps accounts, operations, top-ups and tokens across a restart; a pending operation keeps advancing", async () => {
    const dataDir = tempDir();
    const first = await open(dataDir);
    const ivan = upmobileClient(first);
    const accountId = await firstAccountId(first);
    const start = await books(ivan, accountId);

    const done = await ivan.POST("/withdrawals", { body: withdrawal(accountId) });
    await settle(ivan, done.data?.data.id ?? "");
    const failed = await ivan.POST("/withdrawals", { body: withdrawal(accountId, { destination: "+70000000001" }) });
    await settle(ivan, failed.data?.data.id ?? "");
    const topup = await topupClient(first).POST("/topup/request/", {
      body: {
        amount: 1000,
        type: "from_bank_transfer",
        currency: "egyptian_pound",
        from_bank: "CIB",
        from_account_number: "1",
        from_account_name: "John Doe",
        from_date: "2024-01-15",
        to_attach_proof: pdf(4096, "receipt.pdf"),
      },
    });
    const tokenResponse = await fetch(`${first.topup.url}/o/token/`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "password", ...first.topupCredentials }),
    });
    const issued = (await tokenResponse.json()) as { access_token: string; refresh_token: string };
    const pending = await ivan.POST("/withdrawals", { body: withdrawal(accountId) });
    expect(pending.data?.data.status).toBe("pending");
    await first.stop();

    const second = await open(dataDir);
    try {
      const again = upmobileClient(second);
      const operation = await settle(again, pending.data?.data.id ?? "");
      expect(operation.status).toBe("completed");
      const completedTwice = formatAmount((parseAmount(start.balance, 2) ?? 0n) - 2n * 10_200n, 2);
      expect(await books(again, accountId)).toEqual({ balance: completedTwice, held: "0.00" });
      const read = await again.GET("/operations/{id}", { params: { path: { id: failed.data?.data.id ?? "" } } });
      expect(read.data?.data.status).toBe("failed");

      const listed = await topupClient(second, issued.access_token).GET("/topup/inquire/", {});
      expect(listed.response.status).toBe(200);
      expect(listed.data?.results.topup_requests[0]).toEqual(topup.data);
      expect(readFileSync(join(dataDir, "proofs", `${topup.data?.id}_receipt.pdf`)).length).toBe(4096);
      const next = await topupClient(second).POST("/topup/request/", {
        body: { amount: 500, type: "from_accept_balance", currency: "egyptian_pound", username: "u" },
      });
      expect(next.data?.id).toBe((topup.data?.id ?? 0) + 1);

      const { username: _u, password: _p, ...app } = second.topupCredentials;
      const refresh = (refresh_token: string) =>
        fetch(`${second.topup.url}/o/token/`, {
          method: "POST",
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token, ...app }),
        });
      expect((await refresh(issued.refresh_token)).status).toBe(200);
      expect((await refresh(issued.refresh_token)).status).toBe(400);
    } finally {
      await second.stop();
    }
  });

  it("writes one JSON line per acknowledged change", async () => {
    const dataDir = tempDir();
    const sandbox = await open(dataDir);
    const ivan = upmobileClient(sandbox);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(await firstAccountId(sandbox)) });
    await settle(ivan, data?.data.id ?? "");
    await sandbox.stop();
    const events = readFileSync(join(dataDir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.status])).toEqual([
      ["withdrawal.started", undefined],
      ["operation.advanced", "processing"],
      ["operation.advanced", "completed"],
    ]);
  });

  it("drops a last line cut off mid-write, and refuses a log damaged elsewhere", async () => {
    const dataDir = tempDir();
    const sandbox = await open(dataDir);
    await upmobileClient(sandbox).POST("/withdrawals", { body: withdrawal(await firstAccountId(sandbox)) });
    await sandbox.stop();
    const log = join(dataDir, "events.jsonl");
    const whole = readFileSync(log, "utf8");
    appendFileSync(log, '{"type":"withdrawal.sta');
    const restarted = await open(dataDir);
    await restarted.stop();
    expect(readFileSync(log, "utf8").startsWith(whole)).toBe(true);
    expect(readFileSync(log, "utf8").endsWith("\n")).toBe(true);

    writeFileSync(log, `not json\n${whole}`);
    await expect(open(dataDir)).rejects.toThrow(/line 1 is not valid JSON/);
  });

  it("keeps nothing on disk without a data directory", async () => {
    const sandbox = await startSandbox({ port: 0 });
    await sandbox.stop();
    expect(existsSync(join(process.cwd(), "events.jsonl"))).toBe(false);
  });
});
