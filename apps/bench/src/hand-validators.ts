/**
 * Validators written by hand that do what `validateRequestBody`/`validateResponseBody` must do: check every rule
 * the spec states and, for an invalid value, name every broken rule with the same path, keyword and sentence as
 * the generated validators (the bench's sanity check compares the lists).
 *
 * Written as a hand-writer after speed would: the boolean guard of `hand-guards.ts` answers first, so a valid
 * value costs exactly that guard; only a value it rejects is walked again, rule by rule, to name every broken one.
 * This is the fair hand-written contender. The boolean guards in `hand-guards.ts` stop at the first broken rule
 * and say nothing about it, which is less work than the spec asks of a validator; they are reported for
 * information only.
 */
import { isAccountsResponse, isTopupRequestForm, isWithdrawalRequest } from "./hand-guards.js";
import {
  ANY_CURRENCY_CODE,
  codePoints,
  DECIMAL,
  isDate,
  isDateTime,
  isInteger,
  isObject,
  mediaType,
  type Obj,
  OPERATOR_CODE,
  POSITIVE_DECIMAL,
  PROOF,
  PROOF_CONTENT_TYPES,
  UUID,
} from "./hand-rules.js";
import type { ValidationIssue, ValidationResult } from "./runtime-validation.js";

type Issues = ValidationIssue[] | null;

const VALID: ValidationResult = Object.freeze({ valid: true });

// The sentences of the spec's x-pattern-message and of the runtime's format hints.
const DECIMAL_SENTENCE =
  "a decimal string such as 100.00 (digits, an optional fraction of up to 8 digits, no sign or exponent)";
const POSITIVE_DECIMAL_SENTENCE = "a positive decimal string such as 100.00 (greater than zero, no sign or exponent)";
const OPERATOR_CODE_SENTENCE = "a lower-case operator code such as beeline";
const CURRENCY_CODE_SENTENCE = "an upper-case currency code of 3 to 5 letters, such as USD";
const UUID_SENTENCE = "a UUID such as 123e4567-e89b-42d3-a456-426614174000";
const DATE_SENTENCE = "a date as YYYY-MM-DD, such as 2024-01-15";
const DATE_TIME_SENTENCE = "a date-time such as 2024-01-15T10:30:00Z";

// --- Building the error list (only ever on a broken rule) -----------------------------------------------------

function add(issues: Issues, path: string, keyword: string, message: string): ValidationIssue[] {
  const issue = { path, message, keyword };
  if (issues === null) return [issue];
  issues.push(issue);
  return issues;
}

const invalid = (errors: ValidationIssue[]): ValidationResult => ({ valid: false, errors });

/** `/data/accounts/0/id` → `data.accounts[0].id`, as the runtime names a field. */
function label(pointer: string): string {
  if (pointer === "") return "The value";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out = out ? `${out}.${segment}` : segment;
  }
  return out;
}

/** A broken rule of the field at `path`: the sentence is the field's label followed by `rest`. */
const broken = (issues: Issues, path: string, keyword: string, rest: string) =>
  add(issues, path, keyword, `${label(path)} ${rest}`);

const wrongType = (issues: Issues, path: string, expected: string, value: unknown) =>
  broken(issues, path, "type", `must be ${expected}${value === null ? ", not null" : ""}.`);

function requireKeys(issues: Issues, o: Obj, at: string, keys: readonly string[], when = ""): Issues {
  let e = issues;
  for (const key of keys) if (o[key] === undefined) e = broken(e, `${at}/${key}`, "required", `is required${when}.`);
  return e;
}

function closed(issues: Issues, o: Obj, allowed: ReadonlySet<string>): Issues {
  let e = issues;
  for (const key in o)
    if (!allowed.has(key)) e = broken(e, `/${key}`, "additionalProperties", "is not a known field; remove it.");
  return e;
}

/** A string field with a pattern (or format) check: a type error, or the rule's sentence. */
function text(
  issues: Issues,
  path: string,
  value: unknown,
  ok: (s: string) => boolean,
  keyword: string,
  sentence: string,
) {
  if (typeof value !== "string") return wrongType(issues, path, "a string", value);
  return ok(value) ? issues : broken(issues, path, keyword, `must be ${sentence}.`);
}

/** `type: string` + `enum`: Ajv reports the type and the enum separately, both when neither holds. */
function oneOf(issues: Issues, path: string, value: unknown, allowed: readonly string[]): Issues {
  let e = issues;
  if (typeof value !== "string") e = wrongType(e, path, "a string", value);
  if (!allowed.includes(value as string)) e = broken(e, path, "enum", `must be one of: ${allowed.join(", ")}.`);
  return e;
}

/** `type: string` + `const`, reported like `oneOf`. */
function constant(issues: Issues, path: string, value: unknown, expected: string | number): Issues {
  let e = issues;
  if (typeof value !== typeof expected || (typeof expected === "number" && !isInteger(value))) {
    e = wrongType(e, path, typeof expected === "string" ? "a string" : "an integer", value);
  }
  if (value !== expected) e = broken(e, path, "const", `must be ${JSON.stringify(expected)}.`);
  return e;
}

/** `type: integer` + `minimum`. */
function integerAtLeast(issues: Issues, path: string, value: unknown, minimum: number): Issues {
  let e = issues;
  if (!isInteger(value)) e = wrongType(e, path, "an integer", value);
  if (typeof value === "number" && Number.isFinite(value) && value < minimum) {
    e = broken(e, path, "minimum", `must be at least ${minimum}.`);
  }
  return e;
}

/** `type: string` + `minLength: 1`. */
function nonEmpty(issues: Issues, path: string, value: unknown): Issues {
  if (typeof value !== "string") return wrongType(issues, path, "a string", value);
  return value.length === 0 ? broken(issues, path, "minLength", "must not be empty.") : issues;
}

const isUuid = (s: string) => UUID.test(s);
const matcher = (re: RegExp) => (s: string) => re.test(s);
const isDecimal = matcher(DECIMAL);
const isPositiveDecimal = matcher(POSITIVE_DECIMAL);
const isOperatorCode = matcher(OPERATOR_CODE);
const isCurrencyCode = matcher(ANY_CURRENCY_CODE);

// --- Upmobile -------------------------------------------------------------------------------------------------

const CATEGORY_CODES = ["mobile", "crypto", "game"];
const WITHDRAWAL_CURRENCIES = ["RUB", "USD"];
const REGION_CODES = ["RU"];
const WITHDRAWAL_REQUIRED = [
  "account_id",
  "amount",
  "category_code",
  "currency_code",
  "destination",
  "operator_code",
  "region_code",
];
const WITHDRAWAL_KEYS: ReadonlySet<string> = new Set(WITHDRAWAL_REQUIRED);

/** WithdrawalRequest (InitWithdrawal body): closed, every field required. */
export function validateWithdrawalRequest(v: unknown): ValidationResult {
  return isWithdrawalRequest(v) ? VALID : reportWithdrawalRequest(v);
}

function reportWithdrawalRequest(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "an object", v));
  let e = requireKeys(null, v, "", WITHDRAWAL_REQUIRED);
  e = closed(e, v, WITHDRAWAL_KEYS);
  const { account_id, amount, category_code, currency_code, destination, operator_code, region_code } = v;
  if (account_id !== undefined) e = text(e, "/account_id", account_id, isUuid, "format", UUID_SENTENCE);
  if (amount !== undefined) e = text(e, "/amount", amount, isPositiveDecimal, "pattern", POSITIVE_DECIMAL_SENTENCE);
  if (category_code !== undefined) e = oneOf(e, "/category_code", category_code, CATEGORY_CODES);
  if (currency_code !== undefined) e = oneOf(e, "/currency_code", currency_code, WITHDRAWAL_CURRENCIES);
  if (destination !== undefined) {
    if (typeof destination !== "string") e = wrongType(e, "/destination", "a string", destination);
    else {
      if (destination.length > 64 && codePoints(destination) > 64) {
        e = broken(e, "/destination", "maxLength", "must be at most 64 characters long.");
      }
      if (destination.length === 0) e = broken(e, "/destination", "minLength", "must not be empty.");
    }
  }
  if (operator_code !== undefined) {
    e = text(e, "/operator_code", operator_code, isOperatorCode, "pattern", OPERATOR_CODE_SENTENCE);
  }
  if (region_code !== undefined) e = oneOf(e, "/region_code", region_code, REGION_CODES);
  return invalid(e ?? []);
}

const ACCOUNT_REQUIRED = ["balance", "created_at", "currency_code", "held_balance", "id", "name", "status", "type"];

const accountPath = (i: number, key: string) => `/data/accounts/${i}/${key}`;

/** One Account of the page; paths are built only when a rule is broken. */
function account(issues: Issues, a: unknown, i: number): Issues {
  if (!isObject(a)) return wrongType(issues, `/data/accounts/${i}`, "an object", a);
  let e = issues;
  for (const key of ACCOUNT_REQUIRED)
    if (a[key] === undefined) e = broken(e, accountPath(i, key), "required", "is required.");
  const { balance, created_at, currency_code, held_balance, id, name, owner_id, status, type } = a;
  if (balance !== undefined && !(typeof balance === "string" && isDecimal(balance))) {
    e = text(e, accountPath(i, "balance"), balance, isDecimal, "pattern", DECIMAL_SENTENCE);
  }
  if (created_at !== undefined && !(typeof created_at === "string" && isDateTime(created_at))) {
    e = text(e, accountPath(i, "created_at"), created_at, isDateTime, "format", DATE_TIME_SENTENCE);
  }
  if (currency_code !== undefined && !(typeof currency_code === "string" && isCurrencyCode(currency_code))) {
    e = text(e, accountPath(i, "currency_code"), currency_code, isCurrencyCode, "pattern", CURRENCY_CODE_SENTENCE);
  }
  if (held_balance !== undefined && !(typeof held_balance === "string" && isDecimal(held_balance))) {
    e = text(e, accountPath(i, "held_balance"), held_balance, isDecimal, "pattern", DECIMAL_SENTENCE);
  }
  if (id !== undefined && !(typeof id === "string" && isUuid(id))) {
    e = text(e, accountPath(i, "id"), id, isUuid, "format", UUID_SENTENCE);
  }
  if (name !== undefined && typeof name !== "string") e = wrongType(e, accountPath(i, "name"), "a string", name);
  if (owner_id !== undefined && !(typeof owner_id === "string" && isUuid(owner_id))) {
    e = text(e, accountPath(i, "owner_id"), owner_id, isUuid, "format", UUID_SENTENCE);
  }
  // Note: status and type are open enums (x-open-enum): any string is read.
  if (status !== undefined && typeof status !== "string")
    e = wrongType(e, accountPath(i, "status"), "a string", status);
  if (type !== undefined && typeof type !== "string") e = wrongType(e, accountPath(i, "type"), "a string", type);
  return e;
}

/** AccountsResponse (GetAccounts 200): open objects, a page of accounts. */
export function validateAccountsResponse(v: unknown): ValidationResult {
  return isAccountsResponse(v) ? VALID : reportAccountsResponse(v);
}

function reportAccountsResponse(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "an object", v));
  let e = requireKeys(null, v, "", ["data", "status", "status_code"]);
  const { data, status, status_code } = v;
  if (data !== undefined) {
    if (!isObject(data)) e = wrongType(e, "/data", "an object", data);
    else {
      e = requireKeys(e, data, "/data", ["accounts", "pages"]);
      const { accounts, pages } = data;
      if (accounts !== undefined) {
        if (!Array.isArray(accounts)) e = wrongType(e, "/data/accounts", "an array", accounts);
        else for (let i = 0; i < accounts.length; i++) e = account(e, accounts[i], i);
      }
      if (pages !== undefined && !(isInteger(pages) && pages >= 0)) e = integerAtLeast(e, "/data/pages", pages, 0);
    }
  }
  if (status !== undefined && status !== "success") e = constant(e, "/status", status, "success");
  if (status_code !== undefined && status_code !== 200) e = constant(e, "/status_code", status_code, 200);
  return invalid(e ?? []);
}

// --- Topup ----------------------------------------------------------------------------------------------------

const TOPUP_CURRENCIES = ["egyptian_pound", "american_dollar"];
const BANK_TRANSFER_REQUIRED = [
  "amount",
  "type",
  "currency",
  "from_bank",
  "from_account_number",
  "from_account_name",
  "from_date",
  "to_attach_proof",
];
const BANK_TRANSFER_KEYS: ReadonlySet<string> = new Set(BANK_TRANSFER_REQUIRED);
const ACCEPT_BALANCE_REQUIRED = ["amount", "type", "currency", "username"];
const ACCEPT_BALANCE_KEYS: ReadonlySet<string> = new Set(ACCEPT_BALANCE_REQUIRED);

function topupCommon(issues: Issues, v: Obj): Issues {
  let e = issues;
  if (v.amount !== undefined && !(isInteger(v.amount) && v.amount >= 1)) e = integerAtLeast(e, "/amount", v.amount, 1);
  if (v.currency !== undefined && !(v.currency === "egyptian_pound" || v.currency === "american_dollar")) {
    e = oneOf(e, "/currency", v.currency, TOPUP_CURRENCIES);
  }
  return e;
}

function bankTransfer(issues: Issues, v: Obj): Issues {
  let e = requireKeys(issues, v, "", BANK_TRANSFER_REQUIRED, " when type is from_bank_transfer");
  e = closed(e, v, BANK_TRANSFER_KEYS);
  e = topupCommon(e, v);
  if (v.from_bank !== undefined) e = nonEmpty(e, "/from_bank", v.from_bank);
  if (v.from_account_number !== undefined) e = nonEmpty(e, "/from_account_number", v.from_account_number);
  if (v.from_account_name !== undefined) e = nonEmpty(e, "/from_account_name", v.from_account_name);
  if (v.from_date !== undefined) e = text(e, "/from_date", v.from_date, isDate, "format", DATE_SENTENCE);
  return e;
}

function acceptBalance(issues: Issues, v: Obj): Issues {
  let e = requireKeys(issues, v, "", ACCEPT_BALANCE_REQUIRED, " when type is from_accept_balance");
  e = closed(e, v, ACCEPT_BALANCE_KEYS);
  e = topupCommon(e, v);
  if (v.username !== undefined) e = nonEmpty(e, "/username", v.username);
  return e;
}

const bytes = (n: number) => n.toLocaleString("en-US");

/** The proof file part: a Blob within the byte limit, of an allowed type (whichever branch `type` picks). */
function proof(issues: Issues, value: unknown): Issues {
  if (value === undefined) return issues;
  const path = "/to_attach_proof";
  if (!(value instanceof Blob)) {
    const what = value === null ? "null" : typeof value;
    return add(issues, path, "type", `to_attach_proof must be a file (a Blob or File), not ${what}.`);
  }
  let e = issues;
  if (value.size > PROOF.maxBytes) {
    const mb = (PROOF.maxBytes / 1024 / 1024).toFixed(1);
    const message = `to_attach_proof must be at most ${bytes(PROOF.maxBytes)} bytes (${mb} MB); this file has ${bytes(value.size)} bytes.`;
    e = add(e, path, "maxBytes", message);
  }
  const type = mediaType(value);
  if (!PROOF_CONTENT_TYPES.has(type)) {
    const allowed = [...PROOF_CONTENT_TYPES].join(", ");
    const actual = type ? `"${type}"` : "of no declared type";
    e = add(
      e,
      path,
      "contentType",
      `to_attach_proof must be one of these file types: ${allowed}; this file is ${actual}.`,
    );
  }
  return e;
}

/** TopupRequestForm (CreateTopupRequest body): `type` picks the branch; the proof Blob is checked either way. */
export function validateTopupRequestForm(v: unknown): ValidationResult {
  return isTopupRequestForm(v) ? VALID : reportTopupRequestForm(v);
}

function reportTopupRequestForm(v: unknown): ValidationResult {
  if (!isObject(v)) return invalid(wrongType(null, "", "an object", v));
  let e: Issues = null;
  const tag = v.type;
  if (tag === undefined) e = broken(e, "/type", "required", "is required.");
  else if (tag === "from_bank_transfer") e = bankTransfer(e, v);
  else if (tag === "from_accept_balance") e = acceptBalance(e, v);
  else e = broken(e, "/type", "discriminator", "must be one of: from_bank_transfer, from_accept_balance.");
  e = proof(e, v.to_attach_proof);
  return invalid(e ?? []);
}
