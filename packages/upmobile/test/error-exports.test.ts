import * as runtime from "@contracts/runtime";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

describe("the error family, from this package", () => {
  it("is the runtime's own classes, so instanceof holds whichever package an app imports them from", () => {
    for (const name of [
      "AuthenticationError",
      "ContractError",
      "HttpError",
      "NetworkError",
      "RequestValidationError",
      "ResponseValidationError",
      "TimeoutError",
      "UnknownStatusError",
      "ValidationError",
      "unwrap",
      "isContractError",
    ] as const) {
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the test compares the exports by name
      expect(api[name], name).toBe(runtime[name]);
    }
  });

  it("isContractError tells the family from anything else", () => {
    const thrown = new api.HttpError("GetSomething", 404, { message: "gone" });
    expect(api.isContractError(thrown)).toBe(true);
    expect(api.isContractError(new Error("a bug"))).toBe(false);
    expect(api.isContractError(new DOMException("stop", "AbortError"))).toBe(false);
    if (api.isContractError(thrown)) expect(thrown.kind).toBe("http");
  });

  it("unwrap turns an error status into an HttpError and returns the data otherwise", () => {
    const ok = { data: { a: 1 }, response: new Response(null, { status: 200 }) };
    expect(api.unwrap("Op", ok)).toEqual({ a: 1 });
    const failed = { error: { message: "no" }, response: new Response(null, { status: 500 }) };
    expect(() => api.unwrap("Op", failed)).toThrow(api.HttpError);
  });
});
