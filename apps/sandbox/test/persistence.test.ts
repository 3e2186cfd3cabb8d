import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Libsql from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../src/db/store.js";
import { type Sandbox, startSandbox } from "../src/index.js";
import { formatAmount, parseAmount } from "../src/money.js";
import { Ledger } from "../src/upmobile/ledger.js";
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

const open = (dataDir: string, operationStepMs = 40) => startSandbox({ port: 0, dataDir, operationStepMs });
const firstAccountId = async (sandbox: Sandbox) => {
  const { data } = await upmobileClient(sandbox).GET("/accounts", {});
  return data?.data.accounts[0]?.id ?? "";
};
/** The SQLite file of a data directory, opened read-only beside the sandbox (WAL lets both in). */
const inspect = (dataDir: string) => {
  // libsql ignores the `readonly` option; query_only makes the connection refuse writes instead.
  const db = new Libsql(join(dataDir, "sandbox.db"));
  db.pragma("query_only = ON");
  return db;
};

describe("persistence with a data directory", () => {
  it("keeps accounts, operations, top-ups and tokens across a restart; a pending operation keeps advancing", async () => {
    const dataDir = tempDir();
    const first = await open(dataDir);
    expect(first.storage).toBe(`SQLite ${join(dataDir, "sandbox.db")}`);
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

  it("stores a withdrawal as one row in DIR/sandbox.db, and its hold moves once: held, then settled", async () => {
    const dataDir = tempDir();
    const sandbox = await open(dataDir, 200);
    const ivan = upmobileClient(sandbox);
    const accountId = await firstAccountId(sandbox);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(accountId) });
    const id = data?.data.id ?? "";
    const db = inspect(dataDir);
    try {
      db.defaultSafeIntegers(true);
      // libsql's get() adds a `_metadata` property to the row; all() returns plain rows.
      const row = () => db.prepare("select hold, settled_at from operations where id = ?").all(id)[0];
      const account = () => db.prepare("select balance, held from accounts where id = ?").all(accountId)[0];
      expect(db.pragma("journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect(row()).toEqual({ hold: 10_200n, settled_at: null });
      expect(account()).toEqual({ balance: 100_000_000n - 10_200n, held: 10_200n });
      await settle(ivan, id);
      expect((row() as { settled_at: bigint | null }).settled_at).not.toBeNull();
      expect(account()).toEqual({ balance: 100_000_000n - 10_200n, held: 0n });
    } finally {
      db.close();
      await sandbox.stop();
    }
  });

  it("keeps nothing on disk without a data directory", async () => {
    const sandbox = await startSandbox({ port: 0 });
    expect(sandbox.storage).toBe("memory");
    await sandbox.stop();
    expect(existsSync(join(process.cwd(), "sandbox.db"))).toBe(false);
  });

  it("refuses a database that is not a PostgreSQL URL, saying what to use instead", async () => {
    await expect(startSandbox({ port: 0, database: "mysql://root:secret@localhost/db" })).rejects.toThrow(
      /must be a PostgreSQL URL.*mysql:\/\/root:\*\*\*@localhost\/db.*--data DIR/,
    );
  });
});

describe("the database cannot apply a change twice", () => {
  it("refuses a second row for one withdrawal, and keeps the books as they were", async () => {
    const dataDir = tempDir();
    const sandbox = await open(dataDir);
    const ivan = upmobileClient(sandbox);
    const accountId = await firstAccountId(sandbox);
    const { data } = await ivan.POST("/withdrawals", { body: withdrawal(accountId) });
    await settle(ivan, data?.data.id ?? "");
    const before = await books(ivan, accountId);
    await sandbox.stop();

    const db = new Libsql(join(dataDir, "sandbox.db"));
    try {
      // What a replayed "withdrawal started" line did to the old event log: the same operation a second time.
      expect(() =>
        db.prepare("insert into operations select * from operations where id = ?").run(data?.data.id),
      ).toThrow(/UNIQUE constraint failed: operations\.id/);
      // Books that would go negative cannot be stored at all.
      expect(() => db.prepare("update accounts set held = held - 1 where id = ?").run(accountId)).toThrow(
        /CHECK constraint failed/,
      );
    } finally {
      db.close();
    }
    const restarted = await open(dataDir);
    try {
      expect(await books(upmobileClient(restarted), accountId)).toEqual(before);
    } finally {
      await restarted.stop();
    }
  });

  it("settles a due hold once, however many connections settle it at the same moment", async () => {
    const dataDir = tempDir();
    const sandbox = await open(dataDir, 100);
    const ivan = upmobileClient(sandbox);
    const accountId = await firstAccountId(sandbox);
    const before = await books(ivan, accountId);
    const started = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ivan.POST("/withdrawals", { body: withdrawal(accountId, i % 2 ? { destination: "+70000000001" } : {}) }),
      ),
    );
    await sandbox.stop();
    // On a loaded machine the sandbox may have settled some holds itself before it stopped: those are not due again.
    const ids = started.map((s) => s.data?.data.id ?? "");
    const db = inspect(dataDir);
    const settledBefore = (() => {
      try {
        const placeholders = ids.map(() => "?").join(", ");
        const query = `select count(*) as n from operations where settled_at is not null and id in (${placeholders})`;
        return Number((db.prepare(query).all(...ids)[0] as { n: number | bigint }).n);
      } finally {
        db.close();
      }
    })();
    // Four stores (four connections) on one file, each settling everything due once the operations have ended.
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ dataDir })));
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const settled = await Promise.all(stores.map((store) => new Ledger(store, 100).settleDue()));
      expect(settledBefore + settled.reduce((a, b) => a + b, 0)).toBe(started.length);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    const restarted = await open(dataDir);
    try {
      const completed = BigInt(started.length / 2);
      expect(await books(upmobileClient(restarted), accountId)).toEqual({
        balance: formatAmount((parseAmount(before.balance, 2) ?? 0n) - completed * 10_200n, 2),
        held: "0.00",
      });
    } finally {
      await restarted.stop();
    }
  });
});
