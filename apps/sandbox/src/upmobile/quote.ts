import type { CurrencyCode, ErrorDetail, WithdrawalPreviewRequest } from "@contracts/upmobile";
import { parseAmount } from "../money.js";
import { CURRENCIES, commissionFor, findOperator, type KnownOperator } from "./catalog.js";
import { convert, type Denomination } from "./exchange.js";

/** What a withdrawal costs in its own currency (minor units). */
export interface Price {
  amount: bigint;
  commission: bigint;
  operator: KnownOperator;
}

export type PriceResult = ({ ok: true } & Price) | { ok: false; details: ErrorDetail[] };

/** What the source account pays, in minor units of its own currency: `exchange` + `fee` = `hold`. */
export interface Charge {
  /** The amount, converted (equal to it when the currencies match). */
  exchange: bigint;
  /** The commission, converted. */
  fee: bigint;
  hold: bigint;
}

/** Amount and commission in the request's currency, or the fields at fault. */
export function priceOf(request: WithdrawalPreviewRequest): PriceResult {
  const details: ErrorDetail[] = [];
  const currency = CURRENCIES[request.currency_code as CurrencyCode];
  if (!currency) {
    return { ok: false, details: [{ field: "currency_code", message: `Unknown currency ${request.currency_code}.` }] };
  }
  const amount = parseAmount(request.amount, currency.decimals);
  if (amount === null) {
    details.push({
      field: "amount",
      message: `Must have at most ${currency.decimals} decimal places for ${request.currency_code}.`,
    });
  }
  const operator = findOperator(request.category_code, request.operator_code);
  if (!operator) {
    details.push({
      field: "operator_code",
      message: `Unknown operator for category ${request.category_code} in region ${request.region_code}.`,
    });
  }
  if (amount === null || !operator) return { ok: false, details };
  return { ok: true, amount, commission: commissionFor(request.category_code, amount, currency.decimals), operator };
}

/** The charge on the account: amount and commission each converted and rounded up; undefined without a rate. */
export function chargeOf(price: Price, currency: CurrencyCode, account: Denomination): Charge | undefined {
  const from = { code: currency, decimals: CURRENCIES[currency].decimals };
  const exchange = convert(price.amount, from, account);
  const fee = convert(price.commission, from, account);
  if (exchange === undefined || fee === undefined) return undefined;
  return { exchange, fee, hold: exchange + fee };
}
