import { join } from "node:path";
import { auditExportedTypes } from "@contracts/codegen";
import { describe, expect, it } from "vitest";

describe("the package's exported types", () => {
  it("names no type that is unknown or any (a schema the generator could not type)", () => {
    const { names, vague } = auditExportedTypes(join(import.meta.dirname, "..", "src", "index.ts"));
    expect(names.length).toBeGreaterThan(20);
    expect(vague).toEqual([]);
  });
});
