import { describe, expect, it } from "vitest";
import { negativeParameters } from "../src/negative.js";

const parameter = (name: string, schema: Record<string, unknown>) => ({
  name,
  in: "query",
  required: false,
  pointer: `/paths/~1things/get/parameters/${name}`,
  schema: { types: ["string"], binary: false, ...schema },
  example: undefined,
});

describe("negativeParameters", () => {
  it("breaks each rule of a parameter's schema once, the bounds read from the facts", () => {
    const cases = negativeParameters([
      parameter("page_size", { types: ["integer"], minimum: 1, maximum: 250 }),
      parameter("status", { enum: ["open", "closed"] }),
      parameter("since", { format: "date" }),
      parameter("q", {}),
    ]);
    expect(cases.map((c) => [c.name, c.kind, c.value])).toEqual([
      ["page_size", "wrong type", "abc"],
      ["page_size", "out of range", 0],
      ["page_size", "out of range", 251],
      ["status", "not in enum", "NOT_A_DOCUMENTED_VALUE"],
      ["since", "bad format", "15/01/2024"],
    ]);
    expect(cases[2]).toMatchObject({
      pointer: "/paths/~1things/get/parameters/page_size/schema",
      what: "page_size above maximum (251)",
    });
  });
});
