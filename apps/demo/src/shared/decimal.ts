// Money arrives as decimal strings ("100.50"); these helpers keep it that way. No Number, no float rounding.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** The whole and fraction digits of an unsigned decimal string. */
function parts(value: string): [whole: string, fraction: string] {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new TypeError(`Not an unsigned decimal string: ${JSON.stringify(value)}`);
  return [match[1] ?? "", match[2] ?? ""];
}

/** True for an unsigned decimal string such as "0", "12" or "12.50". */
export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** a + b, exactly, with as many fraction digits as the longer operand ("100.5" + "2.25" = "102.75"). */
export function addDecimals(a: string, b: string): string {
  const [aWhole, aFraction] = parts(a);
  const [bWhole, bFraction] = parts(b);
  const scale = Math.max(aFraction.length, bFraction.length);
  const sum = BigInt(aWhole + aFraction.padEnd(scale, "0")) + BigInt(bWhole + bFraction.padEnd(scale, "0"));
  const digits = sum.toString().padStart(scale + 1, "0");
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * A decimal string for people: thousands grouped with commas and the fraction padded to `decimals` digits
 * ("1234.5", 2 → "1,234.50"). Extra fraction digits are kept, never rounded away.
 */
export function formatDecimal(value: string, decimals = 0): string {
  const match = DECIMAL.exec(value.trim());
  if (!match) return value;
  const [, whole = "0", fraction = ""] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const padded = fraction.padEnd(decimals, "0");
  return padded ? `${grouped}.${padded}` : grouped;
}
