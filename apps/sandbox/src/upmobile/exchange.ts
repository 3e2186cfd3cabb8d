/** A currency as the books know it: its code and its number of decimals. */
export interface Denomination {
  code: string;
  decimals: number;
}

/** The sandbox's fixed rates (ours; the provider publishes none) as fractions, both ways: 1 USD = 80.00 RUB. */
const RATES: Readonly<Record<string, Readonly<Record<string, readonly [bigint, bigint]>>>> = {
  USD: { RUB: [80n, 1n] },
  RUB: { USD: [1n, 80n] },
};

/** Minor units converted at the fixed rate, rounded up (never less than it is worth); undefined without a rate. */
export function convert(units: bigint, from: Denomination, to: Denomination): bigint | undefined {
  if (from.code === to.code) return units;
  const [rateNumerator, rateDenominator] = RATES[from.code]?.[to.code] ?? [];
  if (rateNumerator === undefined || rateDenominator === undefined) return undefined;
  const numerator = units * rateNumerator * 10n ** BigInt(to.decimals);
  const denominator = rateDenominator * 10n ** BigInt(from.decimals);
  return (numerator + denominator - 1n) / denominator;
}
