import { describe, expect, it } from "vitest";
import { findings, type LintReport } from "../src/dev.js";

// What `redocly lint --format=json` (2.77) prints for a spec with a misspelt operationId, trimmed to what is read.
const report: LintReport = {
  totals: { errors: 1, warnings: 1 },
  problems: [
    {
      ruleId: "struct",
      severity: "error",
      message: "Property `operationIdd` is not expected here.",
      location: [
        {
          source: { ref: "specs/refunds/openapi.yaml" },
          pointer: "#/paths/~1refunds~1{id}/get/operationIdd",
          start: { line: 94, col: 7 },
        },
      ],
    },
    {
      ruleId: "operation-operationId",
      severity: "warn",
      message: "Operation object should contain `operationId` field.",
      location: [{ source: { ref: "specs/refunds/openapi.yaml" }, pointer: "#/paths/~1refunds~1{id}/get/operationId" }],
    },
  ],
};

describe("findings", () => {
  it("prints each finding under its file with its line and column, or its pointer when Redocly gives no line", () => {
    expect(findings(report).split("\n")).toEqual([
      "specs/refunds/openapi.yaml:",
      "  94:7     error   struct                   Property `operationIdd` is not expected here.",
      "  #/paths/~1refunds~1{id}/get/operationId warn    operation-operationId    Operation object should contain `operationId` field.",
    ]);
  });
});
