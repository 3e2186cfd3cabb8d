import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

export type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
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
 * Group commit: writes asked for during a commit share the next transaction, and each caller hears back once it has
 * committed durably, so one fsync serves a batch. Work touches only the transaction: a failed batch is rerun.
 */
export function createBatcher(db: Kysely<Database>, options: BatcherOptions) {
  const queue: Queued[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    // after this turn's I/O callbacks, so requests that arrived together share a transaction.
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
        // a failed piece rolled the whole batch back: run each alone, so the failure reaches only its caller. A failure
        // at or after the commit is never rerun (the batch may have committed): every caller hears it.
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
    /** Runs `work` in the next write transaction; resolves once that transaction has committed durably. */
    write: <T>(work: Work<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        flushing ??= flush();
      }),
    /** Resolves once every piece of work asked for so far has been committed or refused. */
    drain: async () => {
      while (flushing) await flushing;
    },
  };
}
