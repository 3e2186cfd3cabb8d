import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditExportedTypes } from "../src/type-audit.js";

describe("auditExportedTypes", () => {
  it("names every exported type that is unknown or any, a union that collapses to unknown included", () => {
    const { names, vague } = auditExportedTypes(join(import.meta.dirname, "fixtures", "vague-types", "index.ts"));
    expect(names).toEqual(["AlsoFine", "Anything", "Collapsed", "Fine", "Unknown"]);
    expect(vague).toEqual(["Anything", "Collapsed", "Unknown"]);
  });
});
