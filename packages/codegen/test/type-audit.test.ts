import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditExportedTypes } from "../src/type-audit.js";

describe("auditExportedTypes", () => {
  // A TypeScript program over the fixture takes seconds on a loaded 2-core machine, past vitest's 5 s default.
  it("names every exported type that is unknown or any, a union that collapses to unknown included", {
    timeout: 30_000,
  }, () => {
    const { names, vague } = auditExportedTypes(join(import.meta.dirname, "fixtures", "vague-types", "index.ts"));
    expect(names).toEqual(["AlsoFine", "Anything", "Collapsed", "Fine", "Unknown"]);
    expect(vague).toEqual(["Anything", "Collapsed", "Unknown"]);
  });
});
