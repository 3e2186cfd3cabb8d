import { describe, expect, it } from "vitest";

describe("the Node this run is on", () => {
  // Set by scripts/node-lines.mjs for the `test:node24` runs, so they cannot quietly run on the machine's Node.
  it.runIf(process.env.EXPECT_NODE_MAJOR)("is the major version the task asked for", () => {
    expect(process.versions.node.split(".")[0]).toBe(process.env.EXPECT_NODE_MAJOR);
  });

  it("is one the packages support (engines: >=20.19)", () => {
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });
});
