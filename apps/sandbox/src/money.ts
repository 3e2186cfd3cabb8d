// Money is integer minor units (bigint), parsed from and formatted to the specs' decimal strings: never a float.

/** `"100.5"` at 2 decimals → `10050n`; null when the text has more fraction digits than the currency allows. */
export function parseAmount(text: string, decimals: number): bigint | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, whole = "0", fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(significant.padEnd(decimals, "0") || "0");
}

/** `10050n` at 2 decimals → `"100.50"`; always with exactly `decimals` fraction digits. */
export function formatAmount(units: bigint, decimals: number): string {
  if (units < 0n) throw new RangeError(`A formatted amount cannot be negative (got ${units} minor units).`);
  if (decimals === 0) return units.toString();
  const scale = 10n ** BigInt(decimals);
  return `${units / scale}.${(units % scale).toString().padStart(decimals, "0")}`;
}

/** `basisPoints` / 10 000 of an amount, rounded half up to the minor unit (200 bp of 100.01 → 2.00). */
export function percentOf(units: bigint, basisPoints: bigint): bigint {
  return (units * basisPoints + 5_000n) / 10_000n;
}
