import { randomUUID } from "node:crypto";
import type {
  AccountStatus,
  AccountType,
  CategoryCode,
  CurrencyCode,
  ErrorDetail,
  OperationStatus,
  RegionCode,
  WithdrawalPreviewRequest,
  WithdrawalRequest,
} from "@contracts/upmobile";
import { OperationStatusTerminalValues } from "@contracts/upmobile";
import { formatAmount, parseAmount } from "../money.js";
import { SEED_ACCOUNTS, type UpmobilePrincipal } from "../seed.js";
import { CURRENCIES, commissionFor, findOperator, type KnownOperator } from "./catalog.js";

/** A customer account with its books in minor units. */
export interface AccountRecord {
  id: string;
  ownerId: string;
  name: string;
  currency: string;
  decimals: number;
  type: AccountType;
  status: AccountStatus;
  createdAt: string;
  balance: bigint;
  held: bigint;
}

type Outcome = "completed" | "failed" | "canceled";

/** A withdrawal and where it is in its lifecycle. */
export interface OperationRecord {
  id: string;
  accountId: string;
  amount: bigint;
  commission: bigint;
  currency: CurrencyCode;
  category: CategoryCode;
  operator: KnownOperator;
  region: RegionCode;
  destination: string;
  senderLabel: string;
  createdAt: string;
  status: OperationStatus;
  /** Where the lifecycle ends, fixed when the withdrawal starts (see MAGIC_OUTCOMES). */
  outcome: Outcome;
  /** When the status last changed (ms since the epoch): the next step is due `stepMs` later. */
  steppedAt: number;
}

/** What changes the books; written to the event log before it is applied. */
export type LedgerEvent =
  | {
      type: "withdrawal.started";
      at: number;
      operation: {
        id: string;
        account_id: string;
        amount: string;
        commission: string;
        currency_code: CurrencyCode;
        category_code: CategoryCode;
        operator_code: string;
        region_code: RegionCode;
        destination: string;
        sender_label: string;
        outcome: Outcome;
      };
    }
  | { type: "operation.advanced"; at: number; id: string; status: OperationStatus };

export type WithdrawalResult =
  | { ok: true; operation: OperationRecord }
  | { ok: false; code: "not_found" }
  | { ok: false; code: "validation_failed"; details: ErrorDetail[] }
  | { ok: false; code: "insufficient_funds" };

export type PreviewResult =
  | { ok: true; amount: bigint; commission: bigint; operator: KnownOperator }
  | { ok: false; details: ErrorDetail[] };

/** Inputs that force an outcome, so failures can be provoked on purpose (documented in the README). */
export const MAGIC_OUTCOMES = {
  destinations: { "+70000000001": "failed", "+70000000002": "canceled" } as Record<string, Outcome>,
  amounts: { "13.13": "failed" } as Record<string, Outcome>,
};

const TERMINAL: ReadonlySet<OperationStatus> = new Set(OperationStatusTerminalValues);

export const isTerminal = (status: OperationStatus) => TERMINAL.has(status);

/**
 * The Upmobile books: accounts, operations and the withdrawal lifecycle. Every change is an event, appended to the
 * log (durably) and then applied; replaying the log rebuilds the same state. A withdrawal's check and hold happen
 * in one synchronous step, so concurrent requests can never overdraw an account.
 */
export class Ledger {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly operations = new Map<string, OperationRecord>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly append: (event: LedgerEvent) => void,
    private readonly stepMs: number,
  ) {
    for (const seed of SEED_ACCOUNTS) {
      const decimals = CURRENCIES[seed.currency as CurrencyCode]?.decimals ?? 2;
      const balance = parseAmount(seed.balance, decimals);
      if (balance === null) throw new Error(`Seed account ${seed.id} has a malformed balance.`);
      this.accounts.set(seed.id, { ...seed, decimals, balance, held: 0n });
    }
  }

  /** The owner's accounts in listing order (the seed's order). */
  accountsOf(ownerId: string): AccountRecord[] {
    return [...this.accounts.values()].filter((a) => a.ownerId === ownerId);
  }

  account(id: string): AccountRecord | undefined {
    return this.accounts.get(id);
  }

  /** The operation, when it exists and its source account belongs to the owner. */
  operationOf(ownerId: string, id: string): OperationRecord | undefined {
    const operation = this.operations.get(id);
    return operation && this.accounts.get(operation.accountId)?.ownerId === ownerId ? operation : undefined;
  }

  /** Amount and commission in minor units, or the fields at fault. */
  preview(request: WithdrawalPreviewRequest): PreviewResult {
    const details: ErrorDetail[] = [];
    const { decimals } = CURRENCIES[request.currency_code];
    const amount = parseAmount(request.amount, decimals);
    if (amount === null) {
      details.push({
        field: "amount",
        message: `Must have at most ${decimals} decimal places for ${request.currency_code}.`,
      });
    }
    const operator = findOperator(request.category_code, request.operator_code);
    if (!operator) {
      details.push({
        field: "operator_code",
        message: `Unknown operator for category ${request.category_code} in region ${request.region_code}.`,
      });
    }
    if (amount === null || !operator) return { ok: false, details };
    return { ok: true, amount, commission: commissionFor(request.category_code, amount, decimals), operator };
  }

  /** Checks the request against the caller's account and, when it passes, holds the funds and starts an operation. */
  startWithdrawal(principal: UpmobilePrincipal, request: WithdrawalRequest): WithdrawalResult {
    const preview = this.preview(request);
    if (!preview.ok) return { ok: false, code: "validation_failed", details: preview.details };
    const account = this.accounts.get(request.account_id);
    if (!account || account.ownerId !== principal.ownerId) return { ok: false, code: "not_found" };
    if (account.status !== "active") {
      const details = [
        { field: "account_id", message: `The account is ${account.status}; it cannot be withdrawn from.` },
      ];
      return { ok: false, code: "validation_failed", details };
    }
    if (account.currency !== request.currency_code) {
      const details = [{ field: "currency_code", message: `Must be the account's currency, ${account.currency}.` }];
      return { ok: false, code: "validation_failed", details };
    }
    if (preview.amount + preview.commission > account.balance) return { ok: false, code: "insufficient_funds" };
    const { decimals } = CURRENCIES[request.currency_code];
    const outcome =
      MAGIC_OUTCOMES.destinations[request.destination] ?? MAGIC_OUTCOMES.amounts[request.amount] ?? "completed";
    const id = randomUUID();
    this.record({
      type: "withdrawal.started",
      at: Date.now(),
      operation: {
        id,
        account_id: account.id,
        amount: formatAmount(preview.amount, decimals),
        commission: formatAmount(preview.commission, decimals),
        currency_code: request.currency_code,
        category_code: request.category_code,
        operator_code: preview.operator.code,
        region_code: request.region_code,
        destination: request.destination,
        sender_label: principal.displayName,
        outcome,
      },
    });
    return { ok: true, operation: this.operations.get(id) as OperationRecord };
  }

  /** Applies an event to the state (live, or replayed from the log). Throws if the books would go negative. */
  apply(event: LedgerEvent): void {
    if (event.type === "withdrawal.started") {
      const o = event.operation;
      const account = this.mustFind(o.account_id);
      const operator = findOperator(o.category_code, o.operator_code);
      if (!operator) throw new Error(`Event for unknown operator ${o.operator_code}.`);
      const amount = parseAmount(o.amount, account.decimals) ?? 0n;
      const commission = parseAmount(o.commission, account.decimals) ?? 0n;
      this.move(account, -(amount + commission), amount + commission);
      this.operations.set(o.id, {
        id: o.id,
        accountId: account.id,
        amount,
        commission,
        currency: o.currency_code,
        category: o.category_code,
        operator,
        region: o.region_code,
        destination: o.destination,
        senderLabel: o.sender_label,
        createdAt: new Date(event.at).toISOString(),
        status: "pending",
        outcome: o.outcome,
        steppedAt: event.at,
      });
      return;
    }
    const operation = this.operations.get(event.id);
    if (!operation) throw new Error(`Event for unknown operation ${event.id}.`);
    if (isTerminal(operation.status)) throw new Error(`Operation ${event.id} is already ${operation.status}.`);
    const account = this.mustFind(operation.accountId);
    const total = operation.amount + operation.commission;
    if (event.status === "completed") this.move(account, 0n, -total);
    else if (event.status === "failed" || event.status === "canceled") this.move(account, total, -total);
    operation.status = event.status;
    operation.steppedAt = event.at;
  }

  /** Schedules the next step of every operation that is not terminal (after a replay). */
  resume(): void {
    for (const operation of this.operations.values()) this.schedule(operation);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private record(event: LedgerEvent): void {
    this.append(event);
    this.apply(event);
    const id = event.type === "withdrawal.started" ? event.operation.id : event.id;
    this.schedule(this.operations.get(id) as OperationRecord);
  }

  private schedule(operation: OperationRecord): void {
    if (this.stopped || isTerminal(operation.status)) return;
    const delay = Math.max(0, operation.steppedAt + this.stepMs - Date.now());
    const timer = setTimeout(() => this.advance(operation), delay);
    timer.unref();
    this.timers.set(operation.id, timer);
  }

  /** One step of the lifecycle: pending → processing | canceled; processing → completed | failed. */
  private advance(operation: OperationRecord): void {
    this.timers.delete(operation.id);
    if (this.stopped || isTerminal(operation.status)) return;
    const next: OperationStatus =
      operation.status === "pending"
        ? operation.outcome === "canceled"
          ? "canceled"
          : "processing"
        : operation.outcome;
    try {
      this.record({ type: "operation.advanced", at: Date.now(), id: operation.id, status: next });
    } catch (error) {
      console.error(`The sandbox could not advance operation ${operation.id}; retrying.`, error);
      operation.steppedAt = Date.now();
      this.schedule(operation);
    }
  }

  private mustFind(accountId: string): AccountRecord {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`Event for unknown account ${accountId}.`);
    return account;
  }

  private move(account: AccountRecord, toBalance: bigint, toHeld: bigint): void {
    const balance = account.balance + toBalance;
    const held = account.held + toHeld;
    if (balance < 0n || held < 0n) throw new Error(`Account ${account.id} would go negative; the books are broken.`);
    account.balance = balance;
    account.held = held;
  }
}
