/**
 * What the hand-written contenders share, written once: the spec's facts, read from what the packages export (the
 * operation table, the enum value lists, the spec facts of each request body), and the checks of its patterns and
 * formats as plain JS, with no schema library. `hand-guards.ts` returns a boolean, `hand-validators.ts` names
 * every broken rule, `zod-schemas.ts` states the same rules in Zod.
 */
import type { BodyBranchFacts, SchemaFacts, SpecFacts } from "@contracts/runtime/internal";
import type { TopupRequestForm, TransferType } from "@contracts/topup";
import { operationTable as topupOperations, specFacts as topupSpec } from "@contracts/topup/spec";
import type { Account, AccountsPage, AccountsResponse } from "@contracts/upmobile";
import { specFacts as upmobileSpec } from "@contracts/upmobile/spec";

export type Obj = Record<string, unknown>;

// --- Facts of the specs -----------------------------------------------------------------------------------------

/** The object form of a request body: its only one, or the branch whose `tag` property is `value`. */
function bodyForm(spec: SpecFacts, operationId: string, tag?: { property: string; value: string }): BodyBranchFacts {
  const forms = spec.operations[operationId]?.requestBody?.branches ?? [];
  const form = tag
    ? forms.find((f) => f.properties.some((p) => p.name === tag.property && p.const === tag.value))
    : forms.length === 1
      ? forms[0]
      : undefined;
  if (!form) throw new Error(`${spec.api}: no single form of ${operationId}'s body${tag ? ` for ${tag.value}` : ""}.`);
  return form;
}

/** A property's rules in a body form. */
function rule(form: BodyBranchFacts, name: string): SchemaFacts {
  const found = form.properties.find((p) => p.name === name);
  if (!found) throw new Error(`${form.pointer} has no property ${name}.`);
  return found;
}

/** A number the spec states for a property (`minimum`, `maxLength`, …), which the hand-written check relies on. */
export function limit(form: BodyBranchFacts, name: string, key: "minimum" | "minLength" | "maxLength"): number {
  const value = rule(form, name)[key];
  if (value === undefined) throw new Error(`${form.pointer}/properties/${name} states no ${key}.`);
  return value;
}

function patternOf(form: BodyBranchFacts, name: string): RegExp {
  const { pattern } = rule(form, name);
  if (pattern === undefined) throw new Error(`${form.pointer}/properties/${name} states no pattern.`);
  return new RegExp(pattern);
}

/** The names a closed body form allows (its `properties`; `additionalProperties: false` refuses the rest). */
export const keysOf = (form: BodyBranchFacts): ReadonlySet<string> => new Set(form.properties.map((p) => p.name));

/** WithdrawalRequest, the InitWithdrawal body. */
export const WITHDRAWAL = bodyForm(upmobileSpec, "InitWithdrawal");

export const BANK_TRANSFER: TransferType = "from_bank_transfer";
export const ACCEPT_BALANCE: TransferType = "from_accept_balance";
/** The discriminating property of TopupRequestForm, the CreateTopupRequest body. */
export const TOPUP_TAG = "type" satisfies keyof TopupRequestForm;
export const BANK_TRANSFER_FORM = bodyForm(topupSpec, "CreateTopupRequest", {
  property: TOPUP_TAG,
  value: BANK_TRANSFER,
});
export const ACCEPT_BALANCE_FORM = bodyForm(topupSpec, "CreateTopupRequest", {
  property: TOPUP_TAG,
  value: ACCEPT_BALANCE,
});

/** The proof file part's limits: `x-max-bytes` and `x-content-types` as the operation table carries them. */
export const PROOF = topupOperations.CreateTopupRequest.requestBody.files.to_attach_proof;
export const PROOF_CONTENT_TYPES: ReadonlySet<string> = new Set(PROOF.contentTypes);

export const POSITIVE_DECIMAL = patternOf(WITHDRAWAL, "amount");
export const OPERATOR_CODE = patternOf(WITHDRAWAL, "operator_code");

/** A component schema's facts (its own rules, and its properties'), from the spec facts. */
function schemaFacts(name: string) {
  const found = upmobileSpec.schemas[name];
  if (!found) throw new Error(`The Upmobile spec has no schema ${name}.`);
  return found;
}
const ACCOUNT = schemaFacts("Account");
export const DECIMAL = patternOf(ACCOUNT, "balance");
export const ANY_CURRENCY_CODE = patternOf(ACCOUNT, "currency_code");
// Note: the constants and key lists are typed against the generated types, so a renamed field or a changed
// constant fails the type check.
export const SUCCESS: AccountsResponse["status"] = "success";
export const SUCCESS_CODE: AccountsResponse["status_code"] = 200;
export const RESPONSE_REQUIRED = ["data", "status", "status_code"] as const satisfies ReadonlyArray<
  keyof AccountsResponse
>;
export const PAGE_REQUIRED = ["accounts", "pages"] as const satisfies ReadonlyArray<keyof AccountsPage>;
export const PAGES_MINIMUM = rule(schemaFacts("AccountsPage"), "pages").minimum ?? 0;
export const ACCOUNT_REQUIRED = [
  "balance",
  "created_at",
  "currency_code",
  "held_balance",
  "id",
  "name",
  "status",
  "type",
] as const satisfies ReadonlyArray<keyof Account>;

/** Each `pattern` of the rules above mapped to its `x-pattern-message`, the sentence an issue gives. */
export const PATTERN_MESSAGES: Readonly<Record<string, string>> = Object.fromEntries(
  [
    rule(ACCOUNT, "balance"),
    rule(ACCOUNT, "currency_code"),
    rule(WITHDRAWAL, "amount"),
    rule(WITHDRAWAL, "operator_code"),
  ].map((facts) => [facts.pattern, facts.patternMessage]),
);

// --- Checks -----------------------------------------------------------------------------------------------------

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const isInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** Length in code points, as JSON Schema counts it. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** At least `min` code points; a string has at least half as many code points as UTF-16 units. */
export const atLeast = (s: string, min: number) => s.length >= min && (s.length >= 2 * min || codePoints(s) >= min);
/** At most `max` code points; the UTF-16 length is an upper bound of the code points, so it is checked first. */
export const atMost = (s: string, max: number) => s.length <= max || codePoints(s) <= max;

/**
 * A check that a value is one of an enum's values. Note: for the few values an enum of these specs lists, it is the
 * `===` chain a hand-writer after speed types out; a Set lookup or `includes` made a whole guard about a tenth slower.
 */
export function oneOfValues(values: readonly string[]): (v: unknown) => boolean {
  const [a, b, c, d] = values;
  switch (values.length) {
    case 1:
      return (v) => v === a;
    case 2:
      return (v) => v === a || v === b;
    case 3:
      return (v) => v === a || v === b || v === c;
    case 4:
      return (v) => v === a || v === b || v === c || v === d;
    default: {
      const allowed: ReadonlySet<unknown> = new Set(values);
      return (v) => allowed.has(v);
    }
  }
}

/** The media type of a Blob without parameters, lower-cased, as the generated runtime compares it. */
export const mediaType = (blob: Blob) => (blob.type.split(";")[0] ?? "").trim().toLowerCase();

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month] ?? 0));
}

/** A calendar date as YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** An RFC 3339 date-time with a time zone. */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (m === null || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
}
