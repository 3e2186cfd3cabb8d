/**
 * Type guards written by hand: plain JavaScript checks of every rule the spec states, stopping at the first broken
 * one and returning a boolean, with no error detail: the floor for a yes/no answer. `hand-validators.ts` answers with
 * them first; on their own they are reported for information, since for an invalid input they do less than the spec
 * asks of a validator (name every broken rule).
 */

import { TopupCurrencyValues } from "@contracts/topup/spec";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import {
  ACCEPT_BALANCE,
  ACCEPT_BALANCE_FORM,
  ANY_CURRENCY_CODE,
  atLeast,
  atMost,
  BANK_TRANSFER,
  BANK_TRANSFER_FORM,
  DECIMAL,
  isDate as isDateString,
  isDateTime as isDateTimeString,
  isInteger,
  isObject,
  keysOf,
  limit,
  mediaType,
  type Obj,
  OPERATOR_CODE,
  oneOfValues,
  PAGES_MINIMUM,
  POSITIVE_DECIMAL,
  PROOF,
  PROOF_CONTENT_TYPES,
  SUCCESS,
  SUCCESS_CODE,
  UUID,
  WITHDRAWAL,
} from "./hand-rules.js";

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

const WITHDRAWAL_KEYS = keysOf(WITHDRAWAL);
const isCategoryCode = oneOfValues(CategoryCodeValues);
const isCurrencyCode = oneOfValues(CurrencyCodeValues);
const isRegionCode = oneOfValues(RegionCodeValues);
const DESTINATION_MIN = limit(WITHDRAWAL, "destination", "minLength");
const DESTINATION_MAX = limit(WITHDRAWAL, "destination", "maxLength");

/** WithdrawalRequest (InitWithdrawal body). */
export function isWithdrawalRequest(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { account_id, amount, category_code, currency_code, destination, operator_code, region_code } = v;
  return (
    isUuid(account_id) &&
    matches(POSITIVE_DECIMAL, amount) &&
    isCategoryCode(category_code) &&
    isCurrencyCode(currency_code) &&
    typeof destination === "string" &&
    atLeast(destination, DESTINATION_MIN) &&
    atMost(destination, DESTINATION_MAX) &&
    matches(OPERATOR_CODE, operator_code) &&
    isRegionCode(region_code) &&
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
  if (!isObject(v) || v.status !== SUCCESS || v.status_code !== SUCCESS_CODE) return false;
  const data = v.data;
  if (!isObject(data) || !isInteger(data.pages) || data.pages < PAGES_MINIMUM) return false;
  const accounts = data.accounts;
  if (!Array.isArray(accounts)) return false;
  for (let i = 0; i < accounts.length; i++) if (!isAccount(accounts[i])) return false;
  return true;
}

// --- Topup ----------------------------------------------------------------------------------------------------

const BANK_TRANSFER_KEYS = keysOf(BANK_TRANSFER_FORM);
const ACCEPT_BALANCE_KEYS = keysOf(ACCEPT_BALANCE_FORM);
const isTopupCurrency = oneOfValues(TopupCurrencyValues);
// Note: both forms share amount and currency; the hand-written code checks them once, with the bank form's rule.
const MIN_AMOUNT = limit(BANK_TRANSFER_FORM, "amount", "minimum");
const MIN_BANK = limit(BANK_TRANSFER_FORM, "from_bank", "minLength");
const MIN_ACCOUNT_NUMBER = limit(BANK_TRANSFER_FORM, "from_account_number", "minLength");
const MIN_ACCOUNT_NAME = limit(BANK_TRANSFER_FORM, "from_account_name", "minLength");
const MIN_USERNAME = limit(ACCEPT_BALANCE_FORM, "username", "minLength");

const longEnough = (v: unknown, min: number) => typeof v === "string" && atLeast(v, min);

/** TopupRequestForm (CreateTopupRequest body), either branch, the proof Blob included. */
export function isTopupRequestForm(v: unknown): boolean {
  if (!isObject(v)) return false;
  const { amount, currency } = v;
  if (!isInteger(amount) || amount < MIN_AMOUNT) return false;
  if (!isTopupCurrency(currency)) return false;
  if (v.type === ACCEPT_BALANCE) return longEnough(v.username, MIN_USERNAME) && onlyKeys(v, ACCEPT_BALANCE_KEYS);
  if (v.type !== BANK_TRANSFER) return false;
  const proof = v.to_attach_proof;
  return (
    longEnough(v.from_bank, MIN_BANK) &&
    longEnough(v.from_account_number, MIN_ACCOUNT_NUMBER) &&
    longEnough(v.from_account_name, MIN_ACCOUNT_NAME) &&
    isDate(v.from_date) &&
    proof instanceof Blob &&
    proof.size <= PROOF.maxBytes &&
    PROOF_CONTENT_TYPES.has(mediaType(proof)) &&
    onlyKeys(v, BANK_TRANSFER_KEYS)
  );
}
