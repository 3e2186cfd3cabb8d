import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

export type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface Batcher {
  /** Runs `work` in the next write transaction; resolves once that transaction has committed durably. */
  write<T>(work: Work<T>): Promise<T>;
  /** Resolves once every piece of work asked for so far has been committed or refused. */
  drain(): Promise<void>;
}

export interface BatcherOptions {
  /** The most pieces of work one transaction takes. */
  maxBatch: number;
  /** How often a batch that failed as a whole (and so changed nothing) is run again. */
  retries: number;
  /** True for a failure that rolled the whole transaction back and may pass when run again. */
  isTransient(error: unknown): boolean;
  /** Makes a committed transaction durable when the commit itself does not (SQLite: an fsync of its log). */
  afterCommit?: () => Promise<void>;
}

/**
 * Group commit: write transactions asked for while one is committing are run together in the next one, each in a
 * savepoint of its own (a piece that fails rolls back alone and rejects only its caller). Every caller hears back
 * only once the transaction holding its work has committed — durably — so nothing is acknowledged that a crash
 * could take back, and one fsync serves the whole batch instead of one per request.
 */
export function createBatcher(db: Kysely<Database>, options: BatcherOptions): Batcher {
  const queue: Queued[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    // Note: after the I/O callbacks of this turn of the event loop, so the requests that arrived together share a
    // transaction.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) await run(queue.splice(0, options.maxBatch));
    flushing = undefined;
  }

  async function run(batch: Queued[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcomes: Outcome[] = [];
      try {
        await db.transaction().execute(async (trx) => {
          if (batch.length === 1) {
            outcomes.push({ ok: true, value: await (batch[0] as Queued).work(trx) });
            return;
          }
          for (const { work } of batch) {
            await sql`savepoint batch_item`.execute(trx);
            try {
              const value = await work(trx);
              await sql`release savepoint batch_item`.execute(trx);
              outcomes.push({ ok: true, value });
            } catch (error) {
              // Note: a deadlock or serialization failure spoils the whole transaction: run the batch again.
              if (options.isTransient(error)) throw error;
              await sql`rollback to savepoint batch_item`.execute(trx);
              await sql`release savepoint batch_item`.execute(trx);
              outcomes.push({ ok: false, error });
            }
          }
        });
        await options.afterCommit?.();
      } catch (error) {
        if (attempt < options.retries && options.isTransient(error)) continue;
        for (const queued of batch) queued.reject(error);
        return;
      }
      batch.forEach((queued, i) => {
        const outcome = outcomes[i] as Outcome;
        if (outcome.ok) queued.resolve(outcome.value);
        else queued.reject(outcome.error);
      });
      return;
    }
  }

  return {
    write: <T>(work: Work<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        flushing ??= flush();
      }),
    drain: async () => {
      while (flushing) await flushing;
    },
  };
}
