import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PostgresCluster, startPostgres } from "@contracts/test-postgres";
import Libsql from "libsql";
import pg from "pg";
import { afterAll } from "vitest";

/** What the database holds for one account's withdrawals, read beside the sandbox (not through its API). */
export interface StoredOperations {
  ids: Set<string>;
  /** Sum of the holds of completed withdrawals: what the account must have paid, once each. */
  spent: bigint;
  /** Withdrawals whose hold has not been settled or released yet. */
  unsettled: number;
}

/** A place for the sandbox's state, with the CLI arguments that select it and a reader for its rows. */
export interface Backend {
  name: string;
  args: string[];
  operations(accountId: string): Promise<StoredOperations>;
}

const QUERY = "select id, hold, outcome, settled_at from operations where account_id = ?";

function summarise(rows: { id: string; hold: bigint | string; outcome: string; settled_at: unknown }[]) {
  return {
    ids: new Set(rows.map((r) => r.id)),
    spent: rows.filter((r) => r.outcome === "completed").reduce((sum, r) => sum + BigInt(r.hold), 0n),
    unsettled: rows.filter((r) => r.settled_at === null).length,
  };
}

const dirs: string[] = [];
let cluster: Promise<PostgresCluster> | undefined;
// registered when this module loads (once per test file), not from inside a test, where vitest ignores it.
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await (await cluster)?.stop();
});

/** A fresh data directory for SQLite (removed after the file's tests). */
export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-"));
  dirs.push(dir);
  return {
    name: "SQLite",
    args: ["--data", dir],
    async operations(accountId) {
      // libsql ignores the `readonly` option; query_only makes the connection refuse writes instead.
      const db = new Libsql(join(dir, "sandbox.db"));
      db.pragma("query_only = ON");
      try {
        db.defaultSafeIntegers(true);
        return summarise(db.prepare(QUERY).all(accountId) as never);
      } finally {
        db.close();
      }
    },
  };
}

/** A fresh database on a throwaway PostgreSQL cluster (one cluster per test file, stopped after it). */
export async function postgresBackend(): Promise<Backend> {
  cluster ??= startPostgres();
  const url = await (await cluster).createDatabase();
  return {
    name: "PostgreSQL",
    args: ["--database", url],
    async operations(accountId) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(QUERY.replace("?", "$1"), [accountId]);
        return summarise(rows);
      } finally {
        await client.end();
      }
    },
  };
}
