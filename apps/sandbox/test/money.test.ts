import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount, percentOf } from "../src/money.js";
import { commissionFor } from "../src/upmobile/catalog.js";

describe("money", () => {
  it.each([
    ["100.00", 2, 10_000n],
    ["100", 2, 10_000n],
    ["0.5", 2, 50n],
    ["1.230", 2, 123n],
    ["123456789012345678.99", 2, 12_345_678_901_234_567_899n],
    ["1.001", 2, null],
    ["-1", 2, null],
    ["1e3", 2, null],
  ] as const)("parses %s at %i decimals as %s", (text, decimals, units) => {
    expect(parseAmount(text, decimals)).toBe(units);
  });

  it("formats with exactly the currency's decimals", () => {
    expect(formatAmount(0n, 2)).toBe("0.00");
    expect(formatAmount(10_205n, 2)).toBe("102.05");
    expect(formatAmount(7n, 0)).toBe("7");
    expect(() => formatAmount(-1n, 2)).toThrow(RangeError);
  });

  it("rounds a percentage half up to the minor unit", () => {
    expect(percentOf(10_025n, 200n)).toBe(201n); // 2 % of 100.25 = 2.005 → 2.01
    expect(percentOf(10_024n, 200n)).toBe(200n); // 2.0048 → 2.00
  });

  it.each([
    ["mobile", 10_000n, 200n],
    ["mobile", 1_000n, 100n],
    ["game", 10_000n, 500n],
    ["crypto", 10_000n, 200n],
  ] as const)("charges %s on %s minor units a commission of %s", (category, amount, commission) => {
    expect(commissionFor(category, amount, 2)).toBe(commission);
  });
});
