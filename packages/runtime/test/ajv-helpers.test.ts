import { describe, expect, it } from "vitest";
import { formats } from "../src/ajv-helpers.js";

// The regular-expression versions the character-by-character checks replaced: the reference they must agree with.
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function referenceDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const max = month === 2 && isLeap(year) ? 29 : (DAYS[month] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= max;
}

function referenceDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m || !referenceDate(m[1] as string)) return false;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  return hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

const referenceUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A small deterministic generator, so a failure names a reproducible input. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

/** Strings near valid ones: each character of a valid sample replaced, dropped or doubled now and then. */
function mutations(samples: readonly string[], count: number, seed: number): string[] {
  const next = random(seed);
  const alphabet = "0123456789-:.TtZz+ /abcdefABCDEFxX\u00e9\u0661";
  const out: string[] = [...samples];
  for (let i = 0; i < count; i++) {
    const sample = samples[Math.floor(next() * samples.length)] as string;
    let s = "";
    for (const ch of sample) {
      const roll = next();
      if (roll < 0.04) continue;
      if (roll < 0.08) s += alphabet[Math.floor(next() * alphabet.length)];
      else if (roll < 0.1) s += ch + ch;
      else s += ch;
    }
    out.push(s);
  }
  return out;
}

/** Checks `actual` against `reference` on every value, and that the values include both answers in fair number. */
function agree(values: readonly string[], actual: (v: string) => boolean, reference: (v: string) => boolean) {
  let accepted = 0;
  for (const value of values) {
    const expected = reference(value);
    expect(actual(value), JSON.stringify(value)).toBe(expected);
    if (expected) accepted++;
  }
  expect(accepted).toBeGreaterThan(values.length * 0.05);
  expect(accepted).toBeLessThan(values.length * 0.95);
}

describe("formats agree with the regular-expression reference", () => {
  it("date", () => {
    const samples = ["2024-01-15", "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-12-31", "2024-04-31"];
    const values = [...mutations(samples, 20_000, 1), "", "2024-1-15", "2024-01-15\n", "٢٠٢٤-01-15"];
    agree(values, formats.date, referenceDate);
  });

  it("date-time", () => {
    const samples = [
      "2024-01-15T10:30:00Z",
      "2023-05-01T12:34:56.789Z",
      "2021-06-01T09:30:00+03:00",
      "2021-06-01t23:59:60-23:59",
      "2024-02-29T00:00:00.1z",
      "2024-02-30T00:00:00Z",
      "2024-01-15T24:00:00Z",
      "2024-01-15T10:30:00+24:00",
    ];
    const values = [...mutations(samples, 40_000, 2), "", "2024-01-15T10:30:00.Z", "2024-01-15 10:30:00Z"];
    agree(values, formats["date-time"], referenceDateTime);
  });

  it("uuid", () => {
    const samples = ["3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d", "3F0C9A52-8D1E-4B7A-9C21-5E6F7A8B9C0D"];
    agree([...mutations(samples, 10_000, 3), "1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p"], formats.uuid, referenceUuid);
  });
});
