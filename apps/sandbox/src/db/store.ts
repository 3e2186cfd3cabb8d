import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type Transaction,
} from "kysely";
import { Migrator } from "kysely/migration";
import Libsql from "libsql";
import pg from "pg";
import type { SandboxOptions } from "../sandbox.js";
import { createBatcher } from "./batcher.js";
import { type DialectName, migrationProvider } from "./migrations.js";
import type { Database } from "./schema.js";
import { seedDatabase } from "./seed.js";

/** The sandbox's state: one Kysely query layer over SQLite or PostgreSQL, migrated and seeded. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the state lives, for people: `memory`, `SQLite /path/sandbox.db`, `PostgreSQL postgres://host:port/db`. */
  readonly description: string;
  /** Runs `work` in a write transaction (shared by concurrent calls, see batcher.ts); resolves once it committed. */
  write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SQLITE_FILE = "sandbox.db";
const RETRIES = 5;
/** The most write requests one transaction (one commit, one fsync) carries. */
const MAX_BATCH = 256;
/** How long SQLite waits for another writer's lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/** Opens (creating, migrating and seeding when needed) the store the options name. */
export async function openStore(options: Pick<SandboxOptions, "database" | "dataDir">): Promise<Store> {
  const { database, dataDir } = options;
  if (database !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(database)) {
      throw new Error(
        `The database must be a PostgreSQL URL (postgres://user@host:port/name), got "${redact(database)}". ` +
          "For SQLite, give a data directory instead (--data DIR).",
      );
    }
    return finish(openPostgres(database), `PostgreSQL ${redact(database)}`);
  }
  if (dataDir === undefined) return finish(await openSqlite(":memory:"), "memory");
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  return finish(await openSqlite(file), `SQLite ${file}`);
}

interface Opened {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Makes a commit durable when the commit itself does not (SQLite, see walSync). */
  afterCommit?: () => Promise<void>;
  close?: () => void;
}

async function finish({ db, dialect, afterCommit, close }: Opened, description: string): Promise<Store> {
  const batcher = createBatcher(db, {
    maxBatch: MAX_BATCH,
    retries: RETRIES,
    isTransient: (e) => isTransient(e, dialect),
    afterCommit,
  });
  const store: Store = {
    db,
    dialect,
    description,
    write: batcher.write,
    async close() {
      // what was asked for before the close is committed (or refused) first, never cut off mid-transaction.
      await batcher.drain();
      await db.destroy();
      close?.();
    },
  };
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateToLatest();
    if (error) throw error;
    await seedDatabase(store);
  } catch (error) {
    close?.();
    await db.destroy().catch(() => {});
    throw new Error(`The sandbox cannot open its database (${description}): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return store;
}

/** A failure that rolled the whole transaction back and may pass when run again. */
function isTransient(error: unknown, dialect: DialectName): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (dialect === "postgres") return code === "40001" || code === "40P01";
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT";
}

function openPostgres(url: string): Opened {
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: "contracts-sandbox" });
  // an idle client that loses its server emits on the pool; without a listener that would end the process.
  pool.on("error", (error) => console.error("A PostgreSQL connection of the sandbox failed:", error.message));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres" };
}

async function openSqlite(file: string): Promise<Opened> {
  const sqlite = new Libsql(file, { timeout: BUSY_TIMEOUT_MS });
  if (file !== ":memory:") {
    // WAL lets readers beside the writer, NORMAL leaves the fsync to walSync; a new file's switch needs it alone.
    await whileBusy(() => sqlite.pragma("journal_mode = WAL"), file);
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  // money is bigint minor units; safe integers make every INTEGER come back exact, as a bigint.
  sqlite.defaultSafeIntegers(true);
  // Kysely's SQLite dialect, but every transaction takes the write lock when it begins (`BEGIN IMMEDIATE`).
  const config = { database: cachedStatements(sqlite) };
  const sqliteDialect = new SqliteDialect(config);
  const dialect: Dialect = {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(config, sqlite),
    createIntrospector: (db) => sqliteDialect.createIntrospector(db),
    createQueryCompiler: () => sqliteDialect.createQueryCompiler(),
  };
  return { db: new Kysely<Database>({ dialect }), dialect: "sqlite", ...(file === ":memory:" ? {} : walSync(file)) };
}

/** Runs `step` again while SQLite answers SQLITE_BUSY, pausing off the event loop, for BUSY_TIMEOUT_MS at most. */
async function whileBusy<T>(step: () => T | Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    try {
      return await step();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) {
        throw new Error(`${what} stayed locked by another process: ${(error as Error).message}`, { cause: error });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * Durability for SQLite in WAL mode with `synchronous = NORMAL`: a commit appends to `<file>-wal` without an fsync,
 * so an fsync of that file (on libuv's thread pool, the event loop keeps serving) after each commit puts it on disk.
 */
function walSync(file: string): Pick<Opened, "afterCommit" | "close"> {
  // opened at the first commit, when the log exists; its directory entry is synced once.
  let wal: number | undefined;
  const open = () => {
    const folder = openSync(dirname(file), "r");
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    return openSync(`${file}-wal`, "r");
  };
  return {
    afterCommit: () => {
      wal ??= open();
      const fd = wal;
      return new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
    },
    close: () => wal !== undefined && closeSync(wal),
  };
}

/** libsql with a bounded statement cache: Kysely prepares every query, and preparing costs more than running. */
function cachedStatements(sqlite: Libsql.Database): NonNullable<SqliteDialectConfig["database"]> {
  const statements = new Map<string, Libsql.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (statements.size >= 500) statements.clear();
        statements.set(text, statement);
      }
      return statement;
    },
  } as NonNullable<SqliteDialectConfig["database"]>;
}

/** SQLite runs DDL in transactions, so the Migrator takes the write lock and two processes never both migrate. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** `BEGIN IMMEDIATE`: a deferred transaction that reads, then writes, fails if another process wrote in between. */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: Libsql.Database,
  ) {
    super(config);
  }

  // SQLite's busy wait blocks the thread (and a holder in this process), so the lock is retried off the event loop.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await whileBusy(async () => {
      this.sqlite.pragma("busy_timeout = 0");
      try {
        await connection.executeQuery(CompiledQuery.raw("begin immediate"));
      } finally {
        this.sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
    }, "The SQLite database");
  }
}

/** A database URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}
