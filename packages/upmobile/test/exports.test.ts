import { join } from "node:path";
import { auditExportedTypes } from "@contracts/codegen";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "src", "index.ts");

describe("the package's exported types", () => {
  // A TypeScript program over the package takes seconds on a loaded 2-core machine, past vitest's 5 s default.
  it("names no type that is unknown or any (a schema the generator could not type)", { timeout: 30_000 }, () => {
    expect(auditExportedTypes(root).vague).toEqual([]);
  });
});

describe("the package root", () => {
  // A new or removed name is a visible change here and in api/index.api.md; tables and lists belong in ./spec.
  it("exports the client, the error family, the helpers and the schema types, and nothing else", {
    timeout: 30_000,
  }, async () => {
    const values = Object.keys(await import("../src/index.js")).sort();
    expect({ values, types: auditExportedTypes(root).names }).toMatchSnapshot();
  });
});
