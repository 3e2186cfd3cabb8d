import type { AcceptBalanceTopupForm, BankTransferTopupForm, TopupRequest, TopupStatus } from "@contracts/topup";
import { PAYMOB_RECEIVING_BANK, type PaymobUser, SEED_TOPUPS } from "../seed.js";
import type { FileStore } from "../store.js";

/** A top-up request was recorded (its proof, if any, is already stored). */
export interface TopupCreated {
  type: "topup.created";
  at: number;
  topup: TopupRequest;
}

/** The inquiry's filters, validated. */
export interface TopupFilters {
  status?: TopupStatus;
  from_date?: string;
  to_date?: string;
}

/** Where uploaded proofs are said to live, as at Paymob. */
export const PROOF_PATH = "/media/transfer_request_attach/";

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The trust rule (ours; Paymob does not publish its own): a trust user's bank transfer made today or yesterday (UTC,
 * by `from_date`) is approved at once, with `automatic: true`. Everything else waits as `pending`.
 */
export function isAutoApproved(user: PaymobUser, form: BankTransferTopupForm | AcceptBalanceTopupForm, now: number) {
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

/** Paymob's top-up requests: created with their proofs, listed per client. */
export class TopupDesk {
  private readonly requests = new Map<number, TopupRequest>(SEED_TOPUPS.map((t) => [t.id, { ...t }]));
  private nextId = Math.max(...SEED_TOPUPS.map((t) => t.id)) + 1;

  constructor(
    private readonly append: (event: TopupCreated) => void,
    private readonly proofs: FileStore,
  ) {}

  /** Records a request; the proof is stored (durably, with a data directory) before the request is. */
  create(
    user: PaymobUser,
    form: BankTransferTopupForm | AcceptBalanceTopupForm,
    proof?: { name: string; bytes: Uint8Array },
  ): TopupRequest {
    const at = Date.now();
    const id = this.nextId++;
    const stamp = new Date(at).toISOString();
    const automatic = isAutoApproved(user, form, at);
    const bank = form.type === "from_bank_transfer" ? form : null;
    const stored = bank && proof ? `${id}_${safeName(proof.name)}` : null;
    if (stored && proof) this.proofs.save(stored, proof.bytes);
    const topup: TopupRequest = {
      id,
      client_id: user.clientId,
      amount: `${form.amount}.00`,
      transfer_type: form.type,
      username: form.type === "from_accept_balance" ? form.username : null,
      from_bank: bank?.from_bank ?? null,
      to_bank: bank ? PAYMOB_RECEIVING_BANK.to_bank : null,
      from_account_number: bank?.from_account_number ?? null,
      to_account_number: bank ? PAYMOB_RECEIVING_BANK.to_account_number : null,
      from_account_name: bank?.from_account_name ?? null,
      to_account_name: bank ? PAYMOB_RECEIVING_BANK.to_account_name : null,
      from_date: bank?.from_date ?? null,
      to_attach_proof: stored && `${PROOF_PATH}${stored}`,
      automatic,
      accept_balance_transfer_id: null,
      status: automatic ? "approved" : "pending",
      reason: null,
      currency: form.currency,
      bank_reference: null,
      is_t_plus_two: false,
      trust_user: user.trusted,
      created_at: stamp,
      updated_at: stamp,
    };
    const event: TopupCreated = { type: "topup.created", at, topup };
    this.append(event);
    this.apply(event);
    return topup;
  }

  apply(event: TopupCreated): void {
    this.requests.set(event.topup.id, event.topup);
    this.nextId = Math.max(this.nextId, event.topup.id + 1);
  }

  /** The client's requests matching the filters (creation date, inclusive, UTC), newest first. */
  list(clientId: number, filters: TopupFilters): TopupRequest[] {
    const created = (t: TopupRequest) => (t.created_at ?? "").slice(0, 10);
    return [...this.requests.values()]
      .filter(
        (t) =>
          t.client_id === clientId &&
          (filters.status === undefined || t.status === filters.status) &&
          (filters.from_date === undefined || created(t) >= filters.from_date) &&
          (filters.to_date === undefined || created(t) <= filters.to_date),
      )
      .sort((a, b) => b.id - a.id);
  }
}
