import type { CategoryCode, Currency, CurrencyCode, Operator } from "@contracts/upmobile";
import { percentOf } from "../money.js";

/** The currencies a withdrawal may be made in, with the display metadata `PreviewWithdrawal` returns. */
export const CURRENCIES: Record<CurrencyCode, Currency> = {
  RUB: { code: "RUB", decimals: 2, names: { en: "Russian Ruble", ru: "Российский рубль" }, symbol: "₽" },
  USD: { code: "USD", decimals: 2, names: { en: "United States Dollar", ru: "Доллар США" }, symbol: "$" },
};

/** An operator the sandbox knows, and the provider-side account that receives its top-ups. */
export interface KnownOperator extends Operator {
  settlementAccountId: string;
}

const operator = (
  category_code: CategoryCode,
  code: string,
  en: string,
  ru: string,
  settlementAccountId: string,
): KnownOperator => ({ category_code, code, names: { en, ru }, settlementAccountId });

/** Every operator by code. Region is always RU (the only `RegionCode`). */
export const OPERATORS: ReadonlyMap<string, KnownOperator> = new Map(
  [
    operator("mobile", "beeline", "Beeline", "Билайн", "6a1e4c8f-2b9d-4e37-a5f0-8c3b1d9e7a24"),
    operator("mobile", "megafon", "MegaFon", "МегаФон", "7d2f9c41-5e8a-4b06-b3c7-1a9e4f2d8b53"),
    operator("mobile", "mts", "MTS", "МТС", "8e3a0d52-6f9b-4c17-84d8-2b0f5a3e9c64"),
    operator("mobile", "tele2", "Tele2", "Теле2", "9f4b1e63-7a0c-4d28-95e9-3c1a6b4f0d75"),
    operator("game", "steam", "Steam", "Steam", "a05c2f74-8b1d-4e39-a6fa-4d2b7c5a1e86"),
    operator("crypto", "usdt", "Tether (USDT)", "Tether (USDT)", "b16d3a85-9c2e-4f4a-b70b-5e3c8d6b2f97"),
    operator("crypto", "btc", "Bitcoin", "Биткоин", "c27e4b96-ad3f-4a5b-881c-6f4d9e7c3a08"),
  ].map((o) => [o.code, o]),
);

/** The operator for a category, or undefined when the code is unknown or belongs to another category. */
export function findOperator(category: CategoryCode, code: string): KnownOperator | undefined {
  const found = OPERATORS.get(code);
  return found?.category_code === category ? found : undefined;
}

/** The commission in minor units, rounded half up: mobile 2 % (at least 1.00), game 5 %, crypto 1 % + 1.00. */
export function commissionFor(category: CategoryCode, amount: bigint, decimals: number): bigint {
  const one = 10n ** BigInt(decimals);
  switch (category) {
    case "mobile": {
      const fee = percentOf(amount, 200n);
      return fee < one ? one : fee;
    }
    case "game":
      return percentOf(amount, 500n);
    case "crypto":
      return percentOf(amount, 100n) + one;
  }
}
