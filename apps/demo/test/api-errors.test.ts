import { HttpError, NetworkError, RequestValidationError, TimeoutError, UnknownStatusError } from "@contracts/runtime";
import { describe, expect, it } from "vitest";
import { describeStatus, describeThrown } from "../src/shared/api-errors";

const upmobile = { api: "Upmobile", baseUrl: "http://127.0.0.1:4020/upmobile" } as const;
const topup = { api: "Topup", baseUrl: "http://127.0.0.1:4020/topup" } as const;

describe("error messages", () => {
  it("says what each status means, with the server's own words", () => {
    expect(describeStatus(401, { detail: "Invalid token." }, topup)).toBe(
      "Topup refused the token (HTTP 401). Check the Topup token in Settings (Invalid token.).",
    );
    expect(describeStatus(400, { status_description: "Amount is too low" }, topup)).toBe(
      "Topup could not accept the request (HTTP 400): Amount is too low",
    );
    expect(describeStatus(404, { code: "not_found", message: "No such account." }, upmobile)).toBe(
      "Not found (HTTP 404): No such account.",
    );
    expect(describeStatus(500, undefined, upmobile)).toMatch(/HTTP 500\. Check the outcome/);
  });

  it("switches on the runtime error's kind", () => {
    const network = new NetworkError("GetAccounts", { cause: new TypeError("Failed to fetch") });
    expect(describeThrown(network, upmobile)).toMatch(/^Could not reach Upmobile at http:\/\/127\.0\.0\.1:4020/);
    expect(describeThrown(new TimeoutError("InitWithdrawal", 30_000), upmobile)).toMatch(/did not answer in time/);
    const invalid = new RequestValidationError("GetOperation", [
      { path: "/path/id", field: "id", keyword: "format", params: { format: "uuid" }, message: "id must be a UUID." },
    ]);
    expect(describeThrown(invalid, upmobile)).toBe("Not sent: id must be a UUID.");
    expect(describeThrown(new HttpError("GetOperation", 404, { message: "Gone." }), upmobile)).toBe(
      "Not found (HTTP 404): Gone.",
    );
    const page = new HttpError("GetAccounts", 404, "Page not found", {
      contentType: "text/html",
      problem: "not-json",
      excerpt: "Page not found",
    });
    expect(describeThrown(page, upmobile)).toBe(
      'Upmobile answered HTTP 404 with text/html, not its API\'s JSON: "Page not found". Check the base URL in Settings: a wrong one or a missing endpoint are the usual causes.',
    );
    const unknown = new UnknownStatusError("GetOperation", "op-1", "cancelled", ["pending", "completed"]);
    expect(describeThrown(unknown, upmobile)).toBe(
      'Upmobile reported a status its spec does not list: GetOperation reported status "cancelled" for op-1, which the spec does not list (pending, completed); whether it has ended is unknown. Pass isTerminal to decide for such statuses.',
    );
  });

  it("stays quiet about an abort the app asked for", () => {
    expect(describeThrown(new DOMException("aborted", "AbortError"), upmobile)).toBeNull();
  });
});
