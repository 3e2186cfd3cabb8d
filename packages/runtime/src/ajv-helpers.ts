/**
 * ESM versions of the helpers Ajv's standalone code would otherwise `require` from Ajv, plus the string formats the
 * specs use. Generated validators import these, so they bundle for a browser and import no Node built-ins.
 */

/** String length in Unicode code points, as JSON Schema counts it (a surrogate pair is one character). */
export function ucs2length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    length++;
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
  }
  return length;
}

/** Structural equality for `const` and `enum` on objects and arrays. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.hasOwn(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}

// the formats below run on every matching string of every validated value: dates are read character by
// character instead of by a regular expression whose captures go through Number(), and the regular expressions
// are module constants, not literals evaluated (and allocated) on each call.

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const HYPHEN = 45;
const COLON = 58;

/** The value of `count` ASCII digits at `start`, or -1 when any of them is not a digit (or is missing). */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = value.charCodeAt(i) - 48; // NaN past the end, which fails the test below
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `YYYY-MM-DD` at the start of `value`, a real calendar day (leap years included). */
function isDatePrefix(value: string): boolean {
  if (value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month] as number));
}

/** RFC 3339 full-date: `YYYY-MM-DD`. */
function isDate(value: string): boolean {
  return value.length === 10 && isDatePrefix(value);
}

/** RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM`. */
function isDateTime(value: string): boolean {
  const length = value.length;
  if (length < 20 || !isDatePrefix(value)) return false;
  const t = value.charCodeAt(10);
  if (t !== 84 && t !== 116) return false; // T or t
  if (value.charCodeAt(13) !== COLON || value.charCodeAt(16) !== COLON) return false;
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  let i = 19;
  if (value.charCodeAt(i) === 46) {
    // A fraction: a dot and at least one digit.
    i++;
    const first = i;
    while (i < length && digits(value, i, 1) >= 0) i++;
    if (i === first) return false;
  }
  const zone = value.charCodeAt(i);
  if (zone === 90 || zone === 122) return i + 1 === length; // Z or z
  if (zone !== 43 && zone !== 45) return false; // + or -
  if (i + 6 !== length || value.charCodeAt(i + 3) !== COLON) return false;
  const offsetHour = digits(value, i + 1, 2);
  const offsetMinute = digits(value, i + 4, 2);
  return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
}

// for a UUID, V8's compiled regular expression beats a loop over character codes.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The string formats the specs use, as Ajv format functions. */
export const formats = {
  uuid: (value: string) => UUID.test(value),
  date: isDate,
  "date-time": isDateTime,
  uri: (value: string) => URI.test(value),
  email: (value: string) => EMAIL.test(value),
};
