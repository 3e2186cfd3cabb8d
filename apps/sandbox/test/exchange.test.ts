import { describe, expect, it } from "vitest";
import { convert } from "../src/upmobile/exchange.js";
import { chargeOf, priceOf } from "../src/upmobile/quote.js";

const RUB = { code: "RUB", decimals: 2 };
const USD = { code: "USD", decimals: 2 };

describe("the sandbox exchange rate (1 USD = 80.00 RUB)", () => {
  it.each([
    [10_000n, RUB, USD, 125n], // 100.00 RUB = 1.25 USD exactly
    [200n, RUB, USD, 3n], // 2.00 RUB = 0.025 USD, rounded up to 0.03
    [1n, RUB, USD, 1n], // 0.01 RUB still costs a cent: never free
    [125n, USD, RUB, 10_000n],
    [10_000n, RUB, RUB, 10_000n],
  ])("converts %s minor units of %o into %o as %s", (units, from, to, expected) => {
    expect(convert(units, from, to)).toBe(expected);
  });

  it("has no rate for a currency it does not know", () => {
    expect(convert(100n, RUB, { code: "USDT", decimals: 6 })).toBeUndefined();
  });

  it("charges a USD account the converted amount and the converted commission", () => {
    const price = priceOf({
      amount: "500.00",
      category_code: "mobile",
      currency_code: "RUB",
      operator_code: "megafon",
      region_code: "RU",
    });
    if (!price.ok) throw new Error("The price should be valid.");
    expect(price.commission).toBe(1_000n); // 2 % of 500.00 RUB
    expect(chargeOf(price, "RUB", USD)).toEqual({ exchange: 625n, fee: 13n, hold: 638n });
    expect(chargeOf(price, "RUB", RUB)).toEqual({ exchange: 50_000n, fee: 1_000n, hold: 51_000n });
  });
});
