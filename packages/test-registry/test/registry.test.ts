import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyTestRegistry, TEST_API, TEST_REGISTRY_ROOT } from "../src/index.js";

describe("the test registry", () => {
  it("names one API, whose spec is there", () => {
    const config = readFileSync(join(TEST_REGISTRY_ROOT, "redocly.yaml"), "utf8");
    expect(config).toContain(`  ${TEST_API}:\n    root: specs/${TEST_API}/openapi.yaml`);
    expect(existsSync(join(TEST_REGISTRY_ROOT, "specs", TEST_API, "openapi.yaml"))).toBe(true);
  });

  it("copies itself to a folder a test may write into, and removes it", async () => {
    const copy = await copyTestRegistry();
    expect(existsSync(join(copy.root, "specs", TEST_API, "openapi.yaml"))).toBe(true);
    await copy.remove();
    expect(existsSync(copy.root)).toBe(false);
  });
});
