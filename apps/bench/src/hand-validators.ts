/**
 * Validators written by hand that do what `validateRequestBody`/`validateResponseBody` must do: check every rule
 * the spec states and, for an invalid value, name every broken rule with the same path, field, keyword, parameters
 * and sentence as the generated validators (the bench's sanity check compares the lists).
 *
 * Written as a hand-writer after speed would: the boolean guard of `hand-guards.ts` answers first, so a valid
 * value costs exactly that guard; only a value it rejects is walked again, rule by rule, to record every broken one
 * (as the keyword and parameters a JSON Schema validator reports). The runtime's `describeErrors` and `checkFiles`
 * turn those into issues, as they do for the generated validators: the sentences are the runtime's, written once.
 * This is the fair hand-written contender. The boolean guards in `hand-guards.ts` stop at the first broken rule
 * and say nothing about it, which is less work than the spec asks of a validator; they are reported for
 * information only.
 */
import {
  checkFiles,
  type DiscriminatorDescriptor,
  describeErrors,
  type RawValidationError,
  type ValidationResult,
} from "@contracts/runtime/internal";
import { TopupCurrencyValues, TransferTypeValues, operationTable as topupOperations } from "@contracts/topup/spec";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import { isAccountsResponse, isTopupRequestForm, isWithdrawalRequest } from "./hand-guards.js";
import {
  ACCEPT_BALANCE,
  ACCEPT_BALANCE_FORM,
  ACCOUNT_REQUIRED,
  ANY_CURRENCY_CODE,
  atLeast,
  atMost,
  BANK_TRANSFER,
  BANK_TRANSFER_FORM,
  DECIMAL,
  isDate,
  isDateTime,
  isInteger,
  isObject,
  keysOf,
  limit,
  type Obj,
  OPERATOR_CODE,
  PAGE_REQUIRED,
  PAGES_MINIMUM,
  PATTERN_MESSAGES,
  POSITIVE_DECIMAL,
  RESPONSE_REQUIRED,
  SUCCESS,
  SUCCESS_CODE,
  TOPUP_TAG,
  UUID,
  WITHDRAWAL,
} from "./hand-rules.js";

type Errors = RawValidationError[] | null;

const VALID: ValidationResult = Object.freeze({ valid: true });

// --- Recording broken rules (only ever on a rejected value) ---------------------------------------------------

function add(errors: Errors, instancePath: string, keyword: string, params: Record<string, unknown>) {
  const error = { instancePath, keyword, params };
  if (errors === null) return [error];
  errors.push(error);
  return errors;
}

const wrongType = (errors: Errors, path: string, type: string) => add(errors, path, "type", { type });

function requireKeys(errors: Errors, o: Obj, at: string, keys: readonly string[]): Errors {
  let e = errors;
  for (const key of keys) if (o[key] === undefined) e = add(e, at, "required", { missingProperty: key });
  return e;
}

function closed(errors: Errors, o: Obj, allowed: ReadonlySet<string>): Errors {
  let e = errors;
  for (const key in o) if (!allowed.has(key)) e = add(e, "", "additionalProperties", { additionalProperty: key });
  return e;
}

/** A string with a pattern or a format: the type, or the rule. */
function text(errors: Errors, path: string, value: unknown, check: (s: string) => boolean, rule: Check): Errors {
  if (typeof value !== "string") return wrongType(errors, path, "string");
  return check(value) ? errors : add(errors, path, rule.keyword, rule.params);
}

interface Check {
  keyword: "pattern" | "format";
  params: Record<string, unknown>;
}
const pattern = (re: RegExp): Check => ({ keyword: "pattern", params: { pattern: re.source } });
const format = (name: string): Check => ({ keyword: "format", params: { format: name } });

/** `type: string` + `enum`: both are reported when neither holds. */
function oneOf(errors: Errors, path: string, value: unknown, allowed: readonly string[]): Errors {
  let e = errors;
  if (typeof value !== "string") e = wrongType(e, path, "string");
  if (!allowed.includes(value as string)) e = add(e, path, "enum", { allowedValues: allowed });
  return e;
}

/** `type` + `const`, reported like `oneOf`. */
function constant(errors: Errors, path: string, value: unknown, expected: string | number): Errors {
  let e = errors;
  if (typeof value !== typeof expected || (typeof expected === "number" && !isInteger(value))) {
    e = wrongType(e, path, typeof expected === "string" ? "string" : "integer");
  }
  if (value !== expected) e = add(e, path, "const", { allowedValue: expected });
  return e;
}

/** `type: integer` + `minimum`. */
function integerAtLeast(errors: Errors, path: string, value: unknown, minimum: number): Errors {
  let e = errors;
  if (!isInteger(value)) e = wrongType(e, path, "integer");
  if (typeof value === "number" && Number.isFinite(value) && value < minimum) {
    e = add(e, path, "minimum", { comparison: ">=", limit: minimum });
  }
  return e;
}

/** `type: string` + `minLength` (+ `maxLength`). */
function textLength(errors: Errors, path: string, value: unknown, min: number, max?: number): Errors {
  if (typeof value !== "string") return wrongType(errors, path, "string");
  let e = errors;
  if (max !== undefined && !atMost(value, max)) e = add(e, path, "maxLength", { limit: max });
  if (!atLeast(value, min)) e = add(e, path, "minLength", { limit: min });
  return e;
}

const describe = (errors: Errors, data: unknown, discriminator?: DiscriminatorDescriptor) =>
  describeErrors(errors ?? [], { patternMessages: PATTERN_MESSAGES, data, discriminator });

const invalid = (errors: Errors, data: unknown): ValidationResult => ({ valid: false, errors: describe(errors, data) });

const isUuid = (s: string) => UUID.test(s);
const matcher = (re: RegExp) => (s: string) => re.test(s);
const isDecimal = matcher(DECIMAL);
const isPositiveDecimal = matcher(POSITIVE_DECIMAL);
const isOperatorCode = matcher(OPERATOR_CODE);
const isCurrencyCode = matcher(ANY_CURRENCY_CODE);
const UUID_FORMAT = format("uuid");
const DATE_FORMAT = format("date");
const DATE_TIME_FORMAT = format("date-time");
const DECIMAL_PATTERN = pattern(DECIMAL);
const CURRENCY_CODE_PATTERN = pattern(ANY_CURRENCY_CODE);
const POSITIVE_DECIMAL_PATTERN = pattern(POSITIVE_DECIMAL);
const OPERATOR_CODE_PATTERN = pattern(OPERATOR_CODE);

// --- Upmobile -------------------------------------------------------------------------------------------------

const WITHDRAWAL_KEYS = keysOf(WITHDRAWAL);
const DESTINATION_MIN = limit(WITHDRAWAL, "destination", "minLength");
const DESTINATION_MAX = limit(WITHDRAWAL, "destination", "maxLength");

/** WithdrawalRequest (InitWithdrawal body): closed, every field required. */
export function validateWithdrawalRequest(v: unknown): ValidationResult {
  return isWithdrawalRequest(v) ? VALID : reportWithdrawalRequest(v);
}

function reportWithdrawalRequest(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "object"), v);
  let e = requireKeys(null, v, "", WITHDRAWAL.required);
  e = closed(e, v, WITHDRAWAL_KEYS);
  const { account_id, amount, category_code, currency_code, destination, operator_code, region_code } = v;
  if (account_id !== undefined) e = text(e, "/account_id", account_id, isUuid, UUID_FORMAT);
  if (amount !== undefined) e = text(e, "/amount", amount, isPositiveDecimal, POSITIVE_DECIMAL_PATTERN);
  if (category_code !== undefined) e = oneOf(e, "/category_code", category_code, CategoryCodeValues);
  if (currency_code !== undefined) e = oneOf(e, "/currency_code", currency_code, CurrencyCodeValues);
  if (destination !== undefined) e = textLength(e, "/destination", destination, DESTINATION_MIN, DESTINATION_MAX);
  if (operator_code !== undefined) e = text(e, "/operator_code", operator_code, isOperatorCode, OPERATOR_CODE_PATTERN);
  if (region_code !== undefined) e = oneOf(e, "/region_code", region_code, RegionCodeValues);
  return invalid(e, v);
}

/** One Account of the page. */
function account(errors: Errors, a: unknown, i: number): Errors {
  const at = `/data/accounts/${i}`;
  if (!isObject(a)) return wrongType(errors, at, "object");
  let e = requireKeys(errors, a, at, ACCOUNT_REQUIRED);
  const { balance, created_at, currency_code, held_balance, id, name, owner_id, status, type } = a;
  if (balance !== undefined) e = text(e, `${at}/balance`, balance, isDecimal, DECIMAL_PATTERN);
  if (created_at !== undefined) e = text(e, `${at}/created_at`, created_at, isDateTime, DATE_TIME_FORMAT);
  if (currency_code !== undefined) {
    e = text(e, `${at}/currency_code`, currency_code, isCurrencyCode, CURRENCY_CODE_PATTERN);
  }
  if (held_balance !== undefined) e = text(e, `${at}/held_balance`, held_balance, isDecimal, DECIMAL_PATTERN);
  if (id !== undefined) e = text(e, `${at}/id`, id, isUuid, UUID_FORMAT);
  if (name !== undefined && typeof name !== "string") e = wrongType(e, `${at}/name`, "string");
  if (owner_id !== undefined) e = text(e, `${at}/owner_id`, owner_id, isUuid, UUID_FORMAT);
  // Note: status and type are open enums (x-open-enum): any string is read.
  if (status !== undefined && typeof status !== "string") e = wrongType(e, `${at}/status`, "string");
  if (type !== undefined && typeof type !== "string") e = wrongType(e, `${at}/type`, "string");
  return e;
}

/** AccountsResponse (GetAccounts 200): open objects, a page of accounts. */
export function validateAccountsResponse(v: unknown): ValidationResult {
  return isAccountsResponse(v) ? VALID : reportAccountsResponse(v);
}

function reportAccountsResponse(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "object"), v);
  let e = requireKeys(null, v, "", RESPONSE_REQUIRED);
  const { data, status, status_code } = v;
  if (data !== undefined) {
    if (!isObject(data)) e = wrongType(e, "/data", "object");
    else {
      e = requireKeys(e, data, "/data", PAGE_REQUIRED);
      const { accounts, pages } = data;
      if (accounts !== undefined) {
        if (!Array.isArray(accounts)) e = wrongType(e, "/data/accounts", "array");
        // Note: a page is long and mostly valid; only the accounts the guard rejects are walked rule by rule.
        else for (let i = 0; i < accounts.length; i++) e = account(e, accounts[i], i);
      }
      if (pages !== undefined) e = integerAtLeast(e, "/data/pages", pages, PAGES_MINIMUM);
    }
  }
  if (status !== undefined && status !== SUCCESS) e = constant(e, "/status", status, SUCCESS);
  if (status_code !== undefined && status_code !== SUCCESS_CODE) {
    e = constant(e, "/status_code", status_code, SUCCESS_CODE);
  }
  return invalid(e, v);
}

// --- Topup ----------------------------------------------------------------------------------------------------

const BANK_TRANSFER_KEYS = keysOf(BANK_TRANSFER_FORM);
const ACCEPT_BALANCE_KEYS = keysOf(ACCEPT_BALANCE_FORM);
const MIN_AMOUNT = limit(BANK_TRANSFER_FORM, "amount", "minimum");
const TOPUP_FILES = topupOperations.CreateTopupRequest.requestBody.files;
const TOPUP_DISCRIMINATOR: DiscriminatorDescriptor = { propertyName: TOPUP_TAG, values: TransferTypeValues };

function topupCommon(errors: Errors, v: Obj): Errors {
  let e = errors;
  if (v.amount !== undefined) e = integerAtLeast(e, "/amount", v.amount, MIN_AMOUNT);
  if (v.currency !== undefined) e = oneOf(e, "/currency", v.currency, TopupCurrencyValues);
  return e;
}

/** A form's text fields that must not be too short, each with its `minLength`. */
const minLengths = (form: typeof BANK_TRANSFER_FORM, names: readonly string[]) =>
  names.map((name) => [name, limit(form, name, "minLength")] as const);
const BANK_TRANSFER_TEXTS = minLengths(BANK_TRANSFER_FORM, ["from_bank", "from_account_number", "from_account_name"]);
const ACCEPT_BALANCE_TEXTS = minLengths(ACCEPT_BALANCE_FORM, ["username"]);

function texts(errors: Errors, v: Obj, fields: ReturnType<typeof minLengths>): Errors {
  let e = errors;
  for (const [name, min] of fields) if (v[name] !== undefined) e = textLength(e, `/${name}`, v[name], min);
  return e;
}

function bankTransfer(errors: Errors, v: Obj): Errors {
  let e = requireKeys(errors, v, "", BANK_TRANSFER_FORM.required);
  e = closed(e, v, BANK_TRANSFER_KEYS);
  e = topupCommon(e, v);
  e = texts(e, v, BANK_TRANSFER_TEXTS);
  if (v.from_date !== undefined) e = text(e, "/from_date", v.from_date, isDate, DATE_FORMAT);
  return e;
}

function acceptBalance(errors: Errors, v: Obj): Errors {
  let e = requireKeys(errors, v, "", ACCEPT_BALANCE_FORM.required);
  e = closed(e, v, ACCEPT_BALANCE_KEYS);
  e = topupCommon(e, v);
  return texts(e, v, ACCEPT_BALANCE_TEXTS);
}

/** TopupRequestForm (CreateTopupRequest body): `type` picks the branch; the proof Blob is checked either way. */
export function validateTopupRequestForm(v: unknown): ValidationResult {
  return isTopupRequestForm(v) ? VALID : reportTopupRequestForm(v);
}

function reportTopupRequestForm(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "object"), v);
  let e: Errors = null;
  const tag = v[TOPUP_TAG];
  if (tag === undefined) e = add(e, "", "required", { missingProperty: TOPUP_TAG });
  else if (tag === BANK_TRANSFER) e = bankTransfer(e, v);
  else if (tag === ACCEPT_BALANCE) e = acceptBalance(e, v);
  else {
    // Note: as Ajv tells them apart: a tag that is no string at all, or a string that names no branch.
    const error = typeof tag === "string" ? "mapping" : "tag";
    e = add(e, "", "discriminator", { error, tag: TOPUP_TAG, tagValue: tag });
  }
  const issues = describe(e, v, TOPUP_DISCRIMINATOR);
  for (const issue of checkFiles(v, TOPUP_FILES)) issues.push(issue);
  return { valid: false, errors: issues };
}
