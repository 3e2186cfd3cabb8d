import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
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
import { createBatcher } from "./batcher.js";
import { type DialectName, migrationProvider } from "./migrations.js";
import type { Database } from "./schema.js";
import { seedDatabase } from "./seed.js";

/** Where the sandbox keeps its state. */
export interface StoreOptions {
  /** A PostgreSQL URL (`postgres://…`): state shared by every sandbox that uses it. */
  database?: string;
  /** Without `database`: a folder for `sandbox.db` (SQLite). Without either: an in-memory SQLite database. */
  dataDir?: string;
}

/** The sandbox's state: one Kysely query layer over SQLite or PostgreSQL, migrated and seeded. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the state lives, for people: `memory`, `SQLite /path/sandbox.db`, `PostgreSQL postgres://host:port/db`. */
  readonly description: string;
  /**
   * Runs `work` in a write transaction and resolves once it has committed (durably), or rejects with nothing of it
   * applied. Concurrent calls share a transaction (group commit, see batcher.ts). On SQLite it starts with
   * `BEGIN IMMEDIATE`, so writers from every process queue instead of failing; on PostgreSQL a deadlock or
   * serialization failure (the transaction was rolled back: nothing happened) runs it again.
   */
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
export async function openStore(options: StoreOptions): Promise<Store> {
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
  /** What makes a commit durable when the commit does not (see openSqlite), set up once the schema exists. */
  durability?: () => { afterCommit: () => Promise<void>; close: () => void };
}

async function finish({ db, dialect, durability }: Opened, description: string): Promise<Store> {
  let durable: ReturnType<NonNullable<Opened["durability"]>> | undefined;
  const batcher = createBatcher(db, {
    maxBatch: MAX_BATCH,
    retries: RETRIES,
    isTransient: (e) => isTransient(e, dialect),
    afterCommit: () => durable?.afterCommit() ?? Promise.resolve(),
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
      durable?.close();
    },
  };
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateToLatest();
    if (error) throw error;
    durable = durability?.();
    await seedDatabase(store);
  } catch (error) {
    durable?.close();
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
    // WAL lets readers in any process run beside the one writer. NORMAL leaves the fsync of each commit to
    // the batcher's afterCommit below, which runs it on libuv's thread pool: the event loop keeps serving while the
    // disk syncs, and no caller hears back before its commit is on disk.
    await whileBusy(() => sqlite.pragma("journal_mode = WAL"), file);
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  // money is bigint minor units; safe integers make every INTEGER come back exact, as a bigint.
  sqlite.defaultSafeIntegers(true);
  const dialect = new ImmediateSqliteDialect({ database: cachedStatements(sqlite) }, sqlite);
  const durability = file === ":memory:" ? undefined : () => walSync(file);
  return { db: new Kysely<Database>({ dialect }), dialect: "sqlite", durability };
}

/**
 * Runs `step` again while SQLite answers SQLITE_BUSY without waiting itself: switching a new file to WAL needs it
 * alone, and a second process opening the same new file at that moment is told "database is locked" at once.
 */
async function whileBusy(step: () => unknown, file: string): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      step();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) {
        throw new Error(`${file} stayed locked by another process: ${(error as Error).message}`, { cause: error });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * Durability for SQLite in WAL mode with `synchronous = NORMAL`: a commit appends its frames to `<file>-wal` without
 * an fsync; syncing that file afterwards puts the commit on disk (SQLite itself syncs the log and the database
 * around each checkpoint). The log stays the same file while a connection is open, so one descriptor serves.
 */
function walSync(file: string) {
  const wal = openSync(`${file}-wal`, "r");
  // the log's directory entry must be on disk too, once, for a log the first connection just created.
  const folder = openSync(dirname(file), "r");
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
  return {
    afterCommit: () =>
      new Promise<void>((resolve, reject) => fsync(wal, (error) => (error ? reject(error) : resolve()))),
    close: () => closeSync(wal),
  };
}

/**
 * libsql (better-sqlite3's API) behind Kysely's SqliteDatabase interface with a bounded cache of prepared statements:
 * Kysely prepares every query it runs, and preparing costs more than running the small statements the sandbox uses.
 */
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

/** Kysely's SQLite dialect, except that a transaction takes the write lock when it begins (`BEGIN IMMEDIATE`). */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly sqlite: Libsql.Database,
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings, this.sqlite);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite runs DDL inside transactions; Kysely's adapter says it does not, and its Migrator then migrates without a
 * transaction or a lock, so two processes starting on one new file would both create the tables. With this, the
 * Migrator runs in a `BEGIN IMMEDIATE` transaction: one process migrates, the other then finds it done.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Begins every transaction with `BEGIN IMMEDIATE`: a deferred transaction that reads first and writes later can fail
 * with SQLITE_BUSY when another process wrote in between; taking the write lock up front makes writers queue.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: Libsql.Database,
  ) {
    super(config);
  }

  // SQLite's own busy wait blocks the thread, so while another process (or another connection of this one)
  // holds the lock, this process would serve no one, and a holder in this very process could never finish. The
  // lock is tried without waiting instead, and retried after a pause that leaves the event loop free.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
      this.sqlite.pragma("busy_timeout = 0");
      try {
        await connection.executeQuery(CompiledQuery.raw("begin immediate"));
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
        if (Date.now() > deadline) {
          throw new Error(`The SQLite database stayed locked by another writer for over ${BUSY_TIMEOUT_MS / 1000} s.`, {
            cause: error,
          });
        }
      } finally {
        this.sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** A database URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}
