import type { AcceptBalanceTopupForm, BankTransferTopupForm, TopupRequest } from "@contracts/topup";
import type { operations } from "@contracts/topup/spec";
import { TOPUP_COUNTER } from "../db/seed.js";
import type { Store } from "../db/store.js";
import { TOPUP_BLANK, TOPUP_RECEIVING_BANK, type TopupUser } from "../seed.js";
import type { ProofStore } from "./proofs.js";

/** The inquiry's query, validated: its filters, `page` and `page_size`. */
export type InquiryQuery = NonNullable<operations["InquireTopupRequests"]["parameters"]["query"]>;

/** Where uploaded proofs are said to live, as at Paymob. */
export const PROOF_PATH = "/media/transfer_request_attach/";

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The trust rule (ours; Paymob publishes none): a trust user's bank transfer from today or yesterday (UTC) passes. */
export function isAutoApproved(user: TopupUser, form: BankTransferTopupForm | AcceptBalanceTopupForm, now: number) {
  return (
    user.trusted && form.type === "from_bank_transfer" && [utcDate(now), utcDate(now - DAY_MS)].includes(form.from_date)
  );
}

/** A file name safe to store and to show in a path: letters, digits, dot, dash and underscore. */
function safeName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^\.+/, "")
    .slice(-100);
  return cleaned || "proof";
}

/** Paymob's top-up requests in the database: created with their proofs, listed per client. */
export class TopupDesk {
  constructor(
    private readonly store: Store,
    private readonly proofs: ProofStore,
  ) {}

  /** Records a request and its proof (a spooled upload) in one transaction; the id comes from a shared counter. */
  create(
    user: TopupUser,
    form: BankTransferTopupForm | AcceptBalanceTopupForm,
    proof?: { name: string; path: string },
  ): Promise<TopupRequest> {
    const at = Date.now();
    const stamp = new Date(at).toISOString();
    const automatic = isAutoApproved(user, form, at);
    const bank = form.type === "from_bank_transfer" ? form : null;
    return this.store.write(async (trx) => {
      const counter = await trx
        .updateTable("counters")
        .set((eb) => ({ value: eb("value", "+", 1) }))
        .where("name", "=", TOPUP_COUNTER)
        .returning("value")
        .executeTakeFirstOrThrow();
      const id = Number(counter.value);
      const stored = bank && proof ? `${id}_${safeName(proof.name)}` : null;
      if (stored && proof) await this.proofs.keep(trx, proof.path, stored);
      const topup: TopupRequest = {
        id,
        client_id: user.clientId,
        amount: `${form.amount}.00`,
        transfer_type: form.type,
        ...TOPUP_BLANK,
        username: form.type === "from_accept_balance" ? form.username : null,
        ...(bank && {
          ...TOPUP_RECEIVING_BANK,
          from_bank: bank.from_bank,
          from_account_number: bank.from_account_number,
          from_account_name: bank.from_account_name,
          from_date: bank.from_date,
        }),
        to_attach_proof: stored && `${PROOF_PATH}${stored}`,
        automatic,
        status: automatic ? "approved" : "pending",
        currency: form.currency,
        trust_user: user.trusted,
        created_at: stamp,
        updated_at: stamp,
      };
      await trx
        .insertInto("topups")
        .values({
          id,
          client_id: user.clientId,
          status: topup.status,
          created_date: utcDate(at),
          record: JSON.stringify(topup),
        })
        .execute();
      return topup;
    });
  }

  /** One page of the client's requests matching the filters (creation date, inclusive, UTC), newest first. */
  async page(
    clientId: number,
    filters: Omit<InquiryQuery, "page" | "page_size">,
    page: number,
    pageSize: number,
  ): Promise<{ count: number; items: TopupRequest[] }> {
    const matching = this.store.db
      .selectFrom("topups")
      .where("client_id", "=", clientId)
      .$if(filters.status !== undefined, (q) => q.where("status", "=", filters.status as string))
      .$if(filters.from_date !== undefined, (q) => q.where("created_date", ">=", filters.from_date as string))
      .$if(filters.to_date !== undefined, (q) => q.where("created_date", "<=", filters.to_date as string));
    const [{ count } = { count: 0 }] = await matching.select((eb) => eb.fn.countAll().as("count")).execute();
    const rows = await matching
      .select("record")
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { count: Number(count), items: rows.map((r) => JSON.parse(r.record) as TopupRequest) };
  }
}
