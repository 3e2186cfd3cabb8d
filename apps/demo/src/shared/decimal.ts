// Money arrives as decimal strings ("100.50"); these helpers keep it that way. No Number, no float rounding.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new TypeError(`Not an unsigned decimal string: ${JSON.stringify(value)}`);
  const fraction = match[2] ?? "";
  return { units: BigInt(`${match[1]}${fraction}`), scale: fraction.length };
}

function format({ units, scale }: Scaled): string {
  const digits = units.toString().padStart(scale + 1, "0");
  if (scale === 0) return digits;
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** True for an unsigned decimal string such as "0", "12" or "12.50". */
export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/** a + b, exactly, with as many fraction digits as the longer operand ("100.5" + "2.25" = "102.75"). */
export function addDecimals(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const units = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  return format({ units, scale });
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
