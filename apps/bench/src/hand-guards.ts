/**
 * Type guards written by hand: plain JavaScript checks of every rule the spec states, stopping at the first broken
 * one and returning a boolean, with no error detail: the floor for a yes/no answer. `hand-validators.ts` answers with
 * them first; on their own they are reported for information, since for an invalid input they do less than the spec
 * asks of a validator (name every broken rule).
 */
import {
  ANY_CURRENCY_CODE,
  codePoints,
  DECIMAL,
  isDate as isDateString,
  isDateTime as isDateTimeString,
  isInteger,
  isObject,
  type Obj,
  OPERATOR_CODE,
  POSITIVE_DECIMAL,
  UUID,
} from "./hand-rules.js";
import { mediaType, PROOF_CONTENT_TYPES, PROOF_MAX_BYTES } from "./zod-schemas.js";

/** Length within bounds; the UTF-16 length is an upper bound of the code points, so it is checked first. */
const lengthBetween = (s: string, min: number, max: number) =>
  s.length >= min && (s.length <= max || codePoints(s) <= max);

const isDate = (v: unknown) => typeof v === "string" && isDateString(v);
const isDateTime = (v: unknown) => typeof v === "string" && isDateTimeString(v);
const isUuid = (v: unknown) => typeof v === "string" && UUID.test(v);
const matches = (re: RegExp, v: unknown) => typeof v === "string" && re.test(v);

/** Every own key of `o` is one of `allowed` (a closed object). */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

// --- Upmobile -------------------------------------------------------------------------------------------------

const WITHDRAWAL_KEYS: ReadonlySet<string> = new Set([
  "account_id",
  "amount",
  "category_code",
  "currency_code",
  "destination",
  "operator_code",
  "region_code",
]);

/** WithdrawalRequest (InitWithdrawal body). */
export function isWithdrawalRequest(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { account_id, amount, category_code, currency_code, destination, operator_code, region_code } = v;
  return (
    isUuid(account_id) &&
    matches(POSITIVE_DECIMAL, amount) &&
    (category_code === "mobile" || category_code === "crypto" || category_code === "game") &&
    (currency_code === "RUB" || currency_code === "USD") &&
    typeof destination === "string" &&
    lengthBetween(destination, 1, 64) &&
    matches(OPERATOR_CODE, operator_code) &&
    region_code === "RU" &&
    onlyKeys(v, WITHDRAWAL_KEYS)
  );
}

function isAccount(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { status, type } = v;
  return (
    matches(DECIMAL, v.balance) &&
    isDateTime(v.created_at) &&
    matches(ANY_CURRENCY_CODE, v.currency_code) &&
    matches(DECIMAL, v.held_balance) &&
    isUuid(v.id) &&
    typeof v.name === "string" &&
    (v.owner_id === undefined || isUuid(v.owner_id)) &&
    // Note: open enums (x-open-enum): any string.
    typeof status === "string" &&
    typeof type === "string"
  );
}

/** AccountsResponse (GetAccounts 200). */
export function isAccountsResponse(v: unknown): boolean {
  if (!isObject(v) || v.status !== "success" || v.status_code !== 200) return false;
  const data = v.data;
  if (!isObject(data) || !isInteger(data.pages) || data.pages < 0) return false;
  const accounts = data.accounts;
  if (!Array.isArray(accounts)) return false;
  for (let i = 0; i < accounts.length; i++) if (!isAccount(accounts[i])) return false;
  return true;
}

// --- Topup ----------------------------------------------------------------------------------------------------

const BANK_TRANSFER_KEYS: ReadonlySet<string> = new Set([
  "amount",
  "type",
  "currency",
  "from_bank",
  "from_account_number",
  "from_account_name",
  "from_date",
  "to_attach_proof",
]);
const ACCEPT_BALANCE_KEYS: ReadonlySet<string> = new Set(["amount", "type", "currency", "username"]);

const nonEmpty = (v: unknown) => typeof v === "string" && v.length > 0;

/** TopupRequestForm (CreateTopupRequest body), either branch, the proof Blob included. */
export function isTopupRequestForm(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { amount, currency } = v;
  if (!isInteger(amount) || amount < 1) return false;
  if (currency !== "egyptian_pound" && currency !== "american_dollar") return false;
  if (v.type === "from_accept_balance") return nonEmpty(v.username) && onlyKeys(v, ACCEPT_BALANCE_KEYS);
  if (v.type !== "from_bank_transfer") return false;
  const proof = v.to_attach_proof;
  return (
    nonEmpty(v.from_bank) &&
    nonEmpty(v.from_account_number) &&
    nonEmpty(v.from_account_name) &&
    isDate(v.from_date) &&
    proof instanceof Blob &&
    proof.size <= PROOF_MAX_BYTES &&
    PROOF_CONTENT_TYPES.has(mediaType(proof)) &&
    onlyKeys(v, BANK_TRANSFER_KEYS)
  );
}
