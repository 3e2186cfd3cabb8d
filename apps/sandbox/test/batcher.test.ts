import { afterAll, describe, expect, it } from "vitest";
import { createBatcher, type Work } from "../src/db/batcher.js";
import { openStore } from "../src/db/store.js";

const store = await openStore({});
afterAll(() => store.close());

const insert =
  (name: string): Work<unknown> =>
  (trx) =>
    trx.insertInto("counters").values({ name, value: 0 }).execute();
const names = async () =>
  (await store.db.selectFrom("counters").select("name").where("name", "like", "batch-%").execute()).map((r) => r.name);

describe("group commit", () => {
  it("runs the writes asked for together in one transaction, and answers each once it has committed", async () => {
    let commits = 0;
    const batcher = createBatcher(store.db, {
      maxBatch: 100,
      retries: 3,
      isTransient: () => false,
      afterCommit: async () => {
        commits++;
      },
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.write(insert(`batch-a${i}`))));
    expect(commits).toBe(1);
    expect(await names()).toHaveLength(40);
  });

  it("rejects only the write that failed; the others of its batch commit", async () => {
    const results = await Promise.allSettled([
      store.write(insert("batch-b1")),
      store.write(insert("batch-b1")), // the same key again: refused by the database
      store.write(insert("batch-b2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await names()).filter((n) => n.startsWith("batch-b")).sort()).toEqual(["batch-b1", "batch-b2"]);
  });

  it("never runs a batch again once its commit has failed: every caller hears the failure", async () => {
    const batcher = createBatcher(store.db, {
      maxBatch: 100,
      retries: 3,
      isTransient: () => true,
      afterCommit: async () => {
        throw Object.assign(new Error("fsync failed"), { code: "EIO" });
      },
    });
    let runs = 0;
    const work: Work<void> = async (trx) => {
      runs++;
      await insert(`batch-c${runs}`)(trx);
    };
    const results = await Promise.allSettled([batcher.write(work), batcher.write(work)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(runs).toBe(2);
  });
});
