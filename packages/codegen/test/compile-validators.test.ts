import { TEST_REGISTRY_ROOT } from "@contracts/test-registry";
import { describe, expect, it } from "vitest";
import { loadApis } from "../src/api-model.js";
import { compileValidators } from "../src/validators.js";

// The validators of a registry API without a generated package (the test registry's Refunds), compiled at run time.
const [refunds] = await loadApis(TEST_REGISTRY_ROOT);
if (!refunds) throw new Error("The test registry names no API.");
const validators = compileValidators(refunds);
const example = refunds.facts.operations.CreateRefund?.requestBody?.examples[0]?.value as Record<string, unknown>;

describe("compileValidators", () => {
  it("accepts the spec's own example and refuses a body that breaks its rules, naming each field", () => {
    expect(validators.validateRequestBody("CreateRefund", example)).toEqual({ valid: true });
    const { payment_id: _, ...withoutPayment } = example;
    const result = validators.validateRequestBody("CreateRefund", { ...withoutPayment, unknown_field: 1 });
    expect(result.valid).toBe(false);
    expect(!result.valid && result.errors.map((e) => [e.field, e.keyword])).toEqual(
      expect.arrayContaining([
        ["payment_id", "required"],
        ["unknown_field", "additionalProperties"],
      ]),
    );
  });

  it("checks parameters and responses as the generated validators do", () => {
    expect(validators.validateRequestParams("GetRefund", { path: { id: "not-a-uuid" } }).valid).toBe(false);
    const ok = refunds.facts.operations.GetRefund?.responses["200"]?.examples[0]?.value;
    expect(validators.validateResponseBody("GetRefund", 200, ok)).toEqual({ valid: true });
    expect(validators.validateResponseBody("GetRefund", 200, { id: 1 }).valid).toBe(false);
  });
});
