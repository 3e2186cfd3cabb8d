import type { AccountStatus, AccountType, CategoryCode, CurrencyCode } from "@contracts/upmobile";
import type { ColumnType } from "kysely";
import type { Outcome } from "../upmobile/lifecycle.js";

/** An integer column: a bigint from SQLite, a string or number from PostgreSQL; read it with `BigInt`/`Number`. */
export type Int = ColumnType<bigint | number | string, bigint | number, bigint | number | string>;

/** Upmobile customer accounts; money in minor units of `currency`. */
export interface AccountsTable {
  id: string;
  owner_id: string;
  /** Listing order within an owner (the seed's order). */
  position: Int;
  name: string;
  currency: string;
  decimals: Int;
  type: AccountType;
  status: AccountStatus;
  created_at: string;
  balance: Int;
  held: Int;
}

/** Withdrawals; the status is not stored but follows from the row (lifecycle.ts), and `settled_at` is set once. */
export interface OperationsTable {
  id: string;
  account_id: string;
  /** The withdrawal's amount and commission, in minor units of `currency`. */
  amount: Int;
  commission: Int;
  currency: CurrencyCode;
  /** What the account pays, in minor units of the account's currency: `exchange` (the amount) + `fee` = `hold`. */
  exchange: Int;
  fee: Int;
  hold: Int;
  category: CategoryCode;
  operator_code: string;
  region: string;
  destination: string;
  sender_label: string;
  receiver_label: string;
  outcome: Outcome;
  /** Milliseconds since the epoch. */
  created_at: Int;
  step_ms: Int;
  /** When the terminal status is reached (ms): the hold is due to be settled or released then. */
  terminal_at: Int;
  settled_at: Int | null;
}

/** Paymob top-up requests: the full record as JSON, plus the columns the inquiry filters on. */
export interface TopupsTable {
  id: Int;
  client_id: Int;
  status: string;
  /** `YYYY-MM-DD` (UTC) of creation. */
  created_date: string;
  record: string;
}

/** Named sequences that every replica draws from in a transaction (top-up ids). */
export interface CountersTable {
  name: string;
  value: Int;
}

/** Issued OAuth token pairs. A refresh spends its refresh token and revokes the access token issued with it. */
export interface TokensTable {
  access_token: string;
  refresh_token: string;
  username: string;
  issued_at: Int;
  expires_at: Int;
  refresh_used_at: Int | null;
  revoked_at: Int | null;
}

/** Uploaded proofs, when they live in the database (PostgreSQL without a data directory: replicas share them). */
export interface ProofsTable {
  name: string;
  bytes: Uint8Array;
}

export interface Database {
  accounts: AccountsTable;
  operations: OperationsTable;
  topups: TopupsTable;
  counters: CountersTable;
  tokens: TokensTable;
  proofs: ProofsTable;
}
