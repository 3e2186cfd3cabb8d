import { randomUUID } from "node:crypto";
import type { ErrorDetail, WithdrawalRequest } from "@contracts/upmobile";
import { type ExpressionBuilder, type Insertable, type Selectable, sql } from "kysely";
import type { AccountsTable, Database, OperationsTable } from "../db/schema.js";
import type { Store } from "../db/store.js";
import type { UpmobilePrincipal } from "../seed.js";
import { outcomeFor, terminalAt } from "./lifecycle.js";
import { chargeOf, priceOf } from "./quote.js";

/** A customer account with its books in minor units. */
export type AccountRecord = Selectable<AccountsTable>;

/** A withdrawal as stored; its status follows from `created_at`, `step_ms` and `outcome` (see lifecycle.ts). */
export type OperationRecord = Selectable<OperationsTable>;

export type WithdrawalResult =
  | { ok: true; operation: OperationRecord; account: AccountRecord }
  | { ok: false; code: "not_found" }
  | { ok: false; code: "validation_failed"; details: ErrorDetail[] }
  | { ok: false; code: "insufficient_funds" };

/** How many due operations one settling transaction takes at most. */
const SETTLE_BATCH = 500;

/**
 * The Upmobile books. Check and hold are one conditional update (`balance >= hold`), so no process overdraws; a hold
 * moves once, by whichever process first sees it due (`settled_at IS NULL`).
 */
export class Ledger {
  constructor(
    private readonly store: Store,
    private readonly stepMs: number,
  ) {}

  /** The owner's accounts in listing order, with every due hold settled first. */
  async accountsOf(ownerId: string): Promise<AccountRecord[]> {
    const read = () =>
      this.store.db
        .selectFrom("accounts")
        .selectAll()
        .select((eb) => this.anythingDue(eb).as("due"))
        .where("owner_id", "=", ownerId)
        .orderBy("position")
        .execute();
    // one round trip when nothing is due (the usual case); otherwise settle, then read again.
    let rows = await read();
    if (rows.some((row) => isTrue(row.due))) {
      await this.settleDue();
      rows = await read();
    }
    return rows;
  }

  /** The operation and its account as it stands now, when the account belongs to the owner. */
  async operationOf(
    ownerId: string,
    id: string,
  ): Promise<{ operation: OperationRecord; account: AccountRecord } | undefined> {
    const row = await this.store.db
      .selectFrom("operations")
      .selectAll()
      .select((eb) => this.anythingDue(eb).as("due"))
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    if (isTrue(row.due)) await this.settleDue();
    const account = await this.findAccount(row.account_id);
    return account && account.owner_id === ownerId ? { operation: row, account } : undefined;
  }

  /** Checks the request against the caller's account and, when it passes, holds the funds and starts an operation. */
  async startWithdrawal(principal: UpmobilePrincipal, request: WithdrawalRequest): Promise<WithdrawalResult> {
    const price = priceOf(request);
    if (!price.ok) return { ok: false, code: "validation_failed", details: price.details };
    const account = await this.findAccount(request.account_id);
    if (!account || account.owner_id !== principal.ownerId) return { ok: false, code: "not_found" };
    if (account.status !== "active") return inactive(account.status);
    const charge = chargeOf(price, request.currency_code, {
      code: account.currency,
      decimals: Number(account.decimals),
    });
    if (!charge) {
      const message = `The sandbox cannot convert ${request.currency_code} into the account's currency, ${account.currency}.`;
      return { ok: false, code: "validation_failed", details: [{ field: "currency_code", message }] };
    }
    const createdAt = Date.now();
    const outcome = outcomeFor(request);
    const row = {
      id: randomUUID(),
      account_id: account.id,
      amount: price.amount,
      commission: price.commission,
      currency: request.currency_code,
      ...charge,
      category: request.category_code,
      operator_code: price.operator.code,
      region: request.region_code,
      destination: request.destination,
      sender_label: principal.displayName,
      receiver_label: "",
      outcome,
      created_at: createdAt,
      step_ms: this.stepMs,
      terminal_at: terminalAt(createdAt, this.stepMs, outcome),
      settled_at: null,
    };
    let held = await this.hold(row);
    // a due but unbooked release would make the funds look short: book what is due and try once more.
    if (!held && (await this.settleDue()) > 0) held = await this.hold(row);
    if (held) return { ok: true, operation: row, account: held };
    const now = await this.findAccount(account.id);
    if (now && now.status !== "active") return inactive(now.status);
    return { ok: false, code: "insufficient_funds" };
  }

  /** Settles or releases every hold whose operation is terminal; returns how many. Safe from any process. */
  async settleDue(): Promise<number> {
    const now = Date.now();
    const probe = await this.store.db.selectNoFrom((eb) => this.anythingDue(eb, now).as("due")).executeTakeFirst();
    if (!isTrue(probe?.due)) return 0;
    let total = 0;
    for (;;) {
      const settled = await this.store.write(async (trx) => {
        const rows = await trx
          .updateTable("operations")
          .set({ settled_at: now })
          .where("settled_at", "is", null)
          .where("id", "in", (eb) =>
            eb
              .selectFrom("operations")
              .select("id")
              .where("settled_at", "is", null)
              .where("terminal_at", "<=", now)
              .orderBy("terminal_at")
              .limit(SETTLE_BATCH)
              // replicas take disjoint rows instead of waiting on each other's (SQLite has no row locks).
              .$if(this.store.dialect === "postgres", (q) => q.forUpdate().skipLocked()),
          )
          .returning(["account_id", "hold", "outcome"])
          .execute();
        const moves = new Map<string, { settle: bigint; release: bigint }>();
        for (const row of rows) {
          const move = moves.get(row.account_id) ?? { settle: 0n, release: 0n };
          if (row.outcome === "completed") move.settle += BigInt(row.hold);
          else move.release += BigInt(row.hold);
          moves.set(row.account_id, move);
        }
        // accounts in one order, so settlements never deadlock each other (one with holds reruns the batch).
        for (const accountId of [...moves.keys()].sort()) {
          const { settle, release } = moves.get(accountId) as { settle: bigint; release: bigint };
          const result = await trx
            .updateTable("accounts")
            .set((eb) => ({ held: eb("held", "-", settle + release), balance: eb("balance", "+", release) }))
            .where("id", "=", accountId)
            .where("held", ">=", settle + release)
            .executeTakeFirst();
          if (result.numUpdatedRows !== 1n) {
            throw new Error(`Account ${accountId} holds less than its operations; the books are broken.`);
          }
        }
        return rows.length;
      });
      total += settled;
      if (settled < SETTLE_BATCH) return total;
    }
  }

  /** Whether any hold is due to be settled now: one probe of the index of unsettled operations. */
  private anythingDue(eb: ExpressionBuilder<Database, keyof Database>, now = Date.now()) {
    return eb.exists(
      eb
        .selectFrom("operations as due")
        .select(sql.lit(1).as("one"))
        .where("due.settled_at", "is", null)
        .where("due.terminal_at", "<=", now),
    );
  }

  private async findAccount(id: string): Promise<AccountRecord | undefined> {
    return this.store.db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The check and the hold, in one transaction: the account as it is after the hold, or undefined when short. */
  private hold(operation: Insertable<OperationsTable> & { hold: bigint }): Promise<AccountRecord | undefined> {
    return this.store.write(async (trx) => {
      const updated = await trx
        .updateTable("accounts")
        .set((eb) => ({ balance: eb("balance", "-", operation.hold), held: eb("held", "+", operation.hold) }))
        .where("id", "=", operation.account_id)
        .where("status", "=", "active")
        .where("balance", ">=", operation.hold)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return undefined;
      await trx.insertInto("operations").values(operation).execute();
      return updated;
    });
  }
}

/** A boolean from SQL: PostgreSQL sends true/false, SQLite 1n/0n. */
const isTrue = (value: unknown) => value === true || value === 1n || value === 1;

const inactive = (status: string): WithdrawalResult => ({
  ok: false,
  code: "validation_failed",
  details: [{ field: "account_id", message: `The account is ${status}; it cannot be withdrawn from.` }],
});
