import { describe, expect, it } from "vitest";
import { toFormData } from "../src/multipart.js";

describe("toFormData", () => {
  it("turns scalars into string fields and leaves out undefined and null", () => {
    const form = toFormData({ amount: 1000, trust: true, name: "J", skip: undefined, nothing: null });
    expect([...form.entries()]).toEqual([
      ["amount", "1000"],
      ["trust", "true"],
      ["name", "J"],
    ]);
  });

  it("keeps a File's own name and type", () => {
    const file = new File(["x"], "receipt.pdf", { type: "application/pdf" });
    const part = toFormData({ proof: file }).get("proof") as File;
    expect(part.name).toBe("receipt.pdf");
    expect(part.type).toBe("application/pdf");
  });

  it.each([
    ["application/pdf", "proof.pdf"],
    ["image/jpeg", "proof.jpg"],
    ["image/png", "proof.png"],
    ["application/octet-stream", "proof"],
  ])("names a nameless %s Blob %s", (type, name) => {
    const part = toFormData({ proof: new Blob(["x"], { type }) }).get("proof") as File;
    expect(part.name).toBe(name);
  });

  it("repeats a field for each array item and writes dates as ISO strings", () => {
    const form = toFormData({ tag: ["a", "b"], at: new Date("2024-01-15T00:00:00Z") });
    expect(form.getAll("tag")).toEqual(["a", "b"]);
    expect(form.get("at")).toBe("2024-01-15T00:00:00.000Z");
  });

  it("passes a FormData through untouched", () => {
    const form = new FormData();
    expect(toFormData(form)).toBe(form);
  });

  it.each([
    ["a string", "x", /must be a plain object/],
    ["an array", [1], /must be a plain object/],
    ["a nested object", { nested: { a: 1 } }, /Field "nested" is an object/],
  ])("rejects %s with a message naming the problem", (_name, body, message) => {
    expect(() => toFormData(body)).toThrow(message);
  });
});
