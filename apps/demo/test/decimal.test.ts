import { describe, expect, it } from "vitest";
import { addDecimals, formatDecimal, isDecimalString } from "../src/shared/decimal";

describe("decimal strings", () => {
  it.each([
    ["100.00", "2.5", "102.50"],
    ["0.1", "0.2", "0.3"],
    ["999999999999999999.99999999", "0.00000001", "1000000000000000000.00000000"],
    ["5", "0", "5"],
    ["0.05", "0.005", "0.055"],
  ])("%s + %s = %s, exactly", (a, b, sum) => {
    expect(addDecimals(a, b)).toBe(sum);
  });

  it("refuses what is not an unsigned decimal", () => {
    expect(() => addDecimals("-1", "1")).toThrow(TypeError);
    expect(() => addDecimals("1e3", "1")).toThrow(TypeError);
    expect(isDecimalString("12.")).toBe(false);
    expect(isDecimalString("12.5")).toBe(true);
  });

  it.each([
    ["1234.5", 2, "1,234.50"],
    ["1234567", 0, "1,234,567"],
    ["0.123456789", 2, "0.123456789"],
    ["100", 2, "100.00"],
    ["not money", 2, "not money"],
  ])("formats %s with %i decimals as %s", (value, decimals, shown) => {
    expect(formatDecimal(value, decimals)).toBe(shown);
  });
});
