import type { Insertable } from "kysely";
import { parseAmount } from "../money.js";
import { EXAMPLE_ACCOUNT_ID, SEED_ACCOUNTS, SEED_OPERATIONS, SEED_TOPUPS } from "../seed.js";
import { CURRENCIES } from "../upmobile/catalog.js";
import { terminalAt } from "../upmobile/lifecycle.js";
import { chargeOf, priceOf } from "../upmobile/quote.js";
import type { OperationsTable } from "./schema.js";
import type { Store } from "./store.js";

/** The counter top-up ids are drawn from; it starts at the highest seeded id. */
export const TOPUP_COUNTER = "topup";
/** The step length recorded on seeded operations (they are long settled, so it changes nothing). */
const SEED_STEP_MS = 1500;

/** Writes every seed row that is not there yet, never over one that is: the state is the database's. */
export async function seedDatabase(store: Store): Promise<void> {
  const accounts = SEED_ACCOUNTS.map((seed, position) => {
    const { decimals } = CURRENCIES[seed.currency];
    return { ...seed, position, decimals, balance: parseAmount(seed.balance, decimals) as bigint, held: 0n };
  });
  const example = CURRENCIES[SEED_ACCOUNTS.find((a) => a.id === EXAMPLE_ACCOUNT_ID)?.currency ?? "USD"];
  const operations = SEED_OPERATIONS.map((seed): Insertable<OperationsTable> => {
    const price = priceOf({
      amount: seed.amount,
      category_code: "mobile",
      currency_code: "RUB",
      operator_code: seed.operator_code,
      region_code: "RU",
    });
    const charge = price.ok && chargeOf(price, "RUB", example);
    if (!price.ok || !charge) throw new Error(`Seed operation ${seed.id} cannot be priced.`);
    const createdAt = Date.parse(seed.created_at);
    const terminal = terminalAt(createdAt, SEED_STEP_MS, "completed");
    return {
      ...seed,
      account_id: EXAMPLE_ACCOUNT_ID,
      amount: price.amount,
      commission: price.commission,
      currency: "RUB",
      ...charge,
      category: "mobile",
      region: "RU",
      sender_label: "Ivan Petrov",
      outcome: "completed",
      created_at: createdAt,
      step_ms: SEED_STEP_MS,
      terminal_at: terminal,
      settled_at: terminal,
    };
  });
  const topups = SEED_TOPUPS.map((t) => ({
    id: t.id,
    client_id: t.client_id,
    status: t.status,
    created_date: (t.created_at ?? "").slice(0, 10),
    record: JSON.stringify(t),
  }));
  await store.write(async (trx) => {
    await trx
      .insertInto("accounts")
      .values(accounts)
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto("operations")
      .values(operations)
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto("topups")
      .values(topups)
      .onConflict((oc) => oc.doNothing())
      .execute();
    const value = Math.max(...SEED_TOPUPS.map((t) => t.id));
    await trx
      .insertInto("counters")
      .values({ name: TOPUP_COUNTER, value })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}
