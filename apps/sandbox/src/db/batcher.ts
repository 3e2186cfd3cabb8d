import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

export type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

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
 * Group commit: write transactions asked for while one is committing are run together in the next one. Every caller
 * hears back only once the transaction holding its work has committed — durably — so nothing is acknowledged that a
 * crash could take back, and one commit (one fsync) serves the whole batch instead of one per request. Work must
 * touch nothing but the transaction (or be idempotent), since a batch that fails is run again piece by piece.
 */
export function createBatcher(db: Kysely<Database>, options: BatcherOptions): Batcher {
  const queue: Queued[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    // after the I/O callbacks of this turn of the event loop, so the requests that arrived together share a
    // transaction.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) await run(queue.splice(0, options.maxBatch));
    flushing = undefined;
  }

  async function run(batch: Queued[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const values: unknown[] = [];
      let workFailed = false;
      let committed = false;
      try {
        await db.transaction().execute(async (trx) => {
          for (const { work } of batch) {
            try {
              values.push(await work(trx));
            } catch (error) {
              workFailed = true;
              throw error;
            }
          }
        });
        committed = true;
        await options.afterCommit?.();
      } catch (error) {
        // a deadlock or serialization failure rolled the whole transaction back: run the batch again.
        if (!committed && attempt < options.retries && options.isTransient(error)) continue;
        // a piece of work failed, so the transaction rolled back and nothing of the batch happened: run each
        // piece alone, so that the failure rejects only its own caller. A failure at or after the commit is never
        // run again (the batch may have committed): every caller hears it, as an outcome unknown.
        if (workFailed && batch.length > 1) {
          for (const queued of batch) await run([queued]);
          return;
        }
        for (const queued of batch) queued.reject(error);
        return;
      }
      for (const [i, queued] of batch.entries()) queued.resolve(values[i]);
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
