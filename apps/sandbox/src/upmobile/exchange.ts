import { parseAmount } from "../money.js";

/** A currency as the books know it: its code and its number of decimals. */
export interface Denomination {
  code: string;
  decimals: number;
}

/**
 * The sandbox's fixed exchange rates (ours; the provider publishes none): what one unit of the first currency costs
 * in the second. The reverse direction uses the same rate. Documented in the README.
 */
const EXCHANGE_RATES: readonly (readonly [from: string, to: string, rate: string])[] = [["USD", "RUB", "80.00"]];

/** A rate as an exact fraction: `numerator / denominator` units of `to` per unit of `from`. */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

function rateOf(from: string, to: string): Fraction | undefined {
  for (const [a, b, text] of EXCHANGE_RATES) {
    const scaled = parseAmount(text, 8) as bigint;
    const fraction = { numerator: scaled, denominator: 10n ** 8n };
    if (a === from && b === to) return fraction;
    if (a === to && b === from) return { numerator: fraction.denominator, denominator: fraction.numerator };
  }
  return undefined;
}

/** True when the sandbox can convert between the two currencies (always true for one currency). */
export const canConvert = (from: string, to: string): boolean => from === to || rateOf(from, to) !== undefined;

/**
 * Minor units of `from` converted to minor units of `to` at the fixed rate, rounded **up** to the minor unit of `to`
 * (an account never pays less than the amount is worth), or undefined when there is no rate.
 */
export function convert(units: bigint, from: Denomination, to: Denomination): bigint | undefined {
  if (from.code === to.code) return units;
  const rate = rateOf(from.code, to.code);
  if (!rate) return undefined;
  const numerator = units * rate.numerator * 10n ** BigInt(to.decimals);
  const denominator = rate.denominator * 10n ** BigInt(from.decimals);
  return (numerator + denominator - 1n) / denominator;
}
