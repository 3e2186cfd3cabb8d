/** A currency as the books know it: its code and its number of decimals. */
export interface Denomination {
  code: string;
  decimals: number;
}

/** The sandbox's fixed rates (ours; the provider publishes none): what one unit of each currency is worth in RUB. */
const IN_RUB: Readonly<Record<string, bigint>> = { RUB: 1n, USD: 80n };

/** Minor units converted at the fixed rate, rounded up (never less than it is worth); undefined without a rate. */
export function convert(units: bigint, from: Denomination, to: Denomination): bigint | undefined {
  if (from.code === to.code) return units;
  const [fromRate, toRate] = [IN_RUB[from.code], IN_RUB[to.code]];
  if (fromRate === undefined || toRate === undefined) return undefined;
  const numerator = units * fromRate * 10n ** BigInt(to.decimals);
  const denominator = toRate * 10n ** BigInt(from.decimals);
  return (numerator + denominator - 1n) / denominator;
}
