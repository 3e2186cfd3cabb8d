import type { Operation, WithdrawalPreview } from "@contracts/upmobile";
import { describe, expect, it } from "vitest";
import { FORM } from "../src/shared/field-errors";
import {
  appendStatus,
  checkPreview,
  checkWithdrawal,
  formatMoney,
  initialWithdrawalState,
  previewWanted,
  serverErrorsToFieldErrors,
  summarizePreview,
} from "../src/upmobile/withdrawal-logic";

const filled = {
  ...initialWithdrawalState("123e4567-e89b-42d3-a456-426614174000"),
  operator_code: " beeline ",
  destination: "+79001234567",
  amount: "100.50",
};

describe("withdrawal form logic", () => {
  it("starts from the first value of each generated enum", () => {
    expect(initialWithdrawalState()).toMatchObject({
      category_code: "mobile",
      region_code: "RU",
      currency_code: "RUB",
    });
  });

  it("builds the preview body from the preview's fields only, trimmed", () => {
    expect(checkPreview(filled).body).toEqual({
      amount: "100.50",
      category_code: "mobile",
      currency_code: "RUB",
      operator_code: "beeline",
      region_code: "RU",
    });
    expect(checkWithdrawal(filled).body).toMatchObject({
      account_id: "123e4567-e89b-42d3-a456-426614174000",
      destination: "+79001234567",
    });
  });

  it("accepts a complete form with the generated validators", () => {
    expect(checkPreview(filled).ok).toBe(true);
    expect(checkWithdrawal(filled).ok).toBe(true);
  });

  it("maps each validator issue to its field", () => {
    const checked = checkWithdrawal({ ...filled, account_id: "nope", amount: "0", operator_code: "Bee Line" });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(["account_id", "amount", "operator_code"]);
    expect(checked.errors.amount?.[0]).toMatch(/^amount must be a positive decimal/);
    expect(checked.errors.account_id?.[0]).toMatch(/UUID/);
  });

  it("asks for a preview only once an operator and an amount are typed", () => {
    expect(previewWanted(initialWithdrawalState())).toBe(false);
    expect(previewWanted({ ...initialWithdrawalState(), amount: "1" })).toBe(false);
    expect(previewWanted(filled)).toBe(true);
  });

  it("maps a server 422's details to fields, whatever the detail's field looks like", () => {
    const errors = serverErrorsToFieldErrors({
      status: "error",
      status_code: 422,
      code: "validation_failed",
      message: "The request is invalid.",
      details: [
        { field: "amount", message: "amount must be positive." },
        { field: "/operator_code", message: "Unknown operator." },
        { field: "body.destination", message: "Too long." },
        { field: "nonsense", message: "Odd." },
      ],
    });
    expect(errors).toEqual({
      amount: ["amount must be positive."],
      operator_code: ["Unknown operator."],
      destination: ["Too long."],
      [FORM]: ["nonsense: Odd."],
    });
    expect(serverErrorsToFieldErrors(undefined)).toEqual({});
  });

  it("sums amount and commission on decimal strings and formats them in the preview's currency", () => {
    const preview: WithdrawalPreview = {
      amount: "1234.5",
      commission: "0.1",
      currency: { code: "USD", decimals: 2, symbol: "$", names: { en: "US dollar", ru: "Доллар США" } },
      operator: { code: "beeline", category_code: "mobile", names: { en: "Beeline", ru: "Билайн" } },
    };
    expect(summarizePreview(preview)).toEqual({
      amount: "1,234.50 USD",
      commission: "0.10 USD",
      total: "1,234.60 USD",
      currency: "US dollar (USD)",
      operator: "Beeline",
    });
  });

  it("formats money with two decimals unless told otherwise", () => {
    expect(formatMoney("1000")).toBe("1,000.00");
    expect(formatMoney("0.5", "RUB")).toBe("0.50 RUB");
    expect(formatMoney("12", { code: "JPY", decimals: 0 })).toBe("12 JPY");
  });

  it("records each new status once", () => {
    const op = (status: Operation["status"]) => ({ status }) as Operation;
    const at = new Date("2024-01-15T10:30:00.123Z");
    let steps = appendStatus([], op("pending"), at);
    steps = appendStatus(steps, op("pending"), at);
    steps = appendStatus(steps, op("completed"), at);
    expect(steps).toEqual([
      { status: "pending", at: "10:30:00.123" },
      { status: "completed", at: "10:30:00.123" },
    ]);
  });
});
