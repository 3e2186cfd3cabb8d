import { join } from "node:path";
import { auditExportedTypes } from "@contracts/codegen";
import { describe, expect, it } from "vitest";

describe("the package's exported types", () => {
  // A TypeScript program over the package takes seconds on a loaded 2-core machine, past vitest's 5 s default.
  it("names no type that is unknown or any (a schema the generator could not type)", { timeout: 30_000 }, () => {
    const { names, vague } = auditExportedTypes(join(import.meta.dirname, "..", "src", "index.ts"));
    expect(names.length).toBeGreaterThan(20);
    expect(vague).toEqual([]);
  });
});
