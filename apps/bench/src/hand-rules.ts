/**
 * The rules both hand-written contenders check, written once: the spec's patterns and formats as plain JS, with no
 * schema library. `hand-guards.ts` returns a boolean; `hand-validators.ts` names every broken rule.
 */

export type Obj = Record<string, unknown>;

export const DECIMAL = /^(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$/;
export const POSITIVE_DECIMAL = /^(?!0+(\.0+)?$)(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$/;
export const OPERATOR_CODE = /^[a-z0-9_]{1,32}$/;
export const ANY_CURRENCY_CODE = /^[A-Z]{3,5}$/;
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
