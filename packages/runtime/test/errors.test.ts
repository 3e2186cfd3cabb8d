import { describe, expect, it } from "vitest";
import { errorBodyMessage, HttpError } from "../src/index.js";

describe("error bodies", () => {
  it("quotes the server's words for people, without its codes", () => {
    expect(errorBodyMessage({ code: "not_found", message: "No such account." })).toBe("No such account.");
    expect(errorBodyMessage({ detail: "Invalid token." })).toBe("Invalid token.");
    expect(errorBodyMessage({ status_description: "Amount is too low" })).toBe("Amount is too low");
    expect(errorBodyMessage({ status_description: { amount: ["Too low."] } })).toBeUndefined();
    expect(errorBodyMessage({ message: "" })).toBeUndefined();
    expect(errorBodyMessage("<html>")).toBeUndefined();
  });

  it("names the code and the words in an HttpError's message", () => {
    const error = new HttpError("GetAccount", 404, { code: "not_found", message: "No such account." });
    expect(error.message).toBe("GetAccount failed with HTTP 404: not_found — No such account.");
  });
});
