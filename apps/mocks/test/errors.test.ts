import { beforeAll, describe, expect, it } from "vitest";
import { loadMockedApis, type MockedApi } from "../src/apis.js";
import { disagreementBody, errorBody } from "../src/errors.js";

let upmobile: MockedApi;
let topup: MockedApi;
beforeAll(async () => {
  const apis = await loadMockedApis();
  const find = (alias: string) => {
    const api = apis.find((a) => a.alias === alias);
    if (!api) throw new Error(`no ${alias}`);
    return api;
  };
  upmobile = find("upmobile");
  topup = find("topup");
});

/** An operation of the API, which must exist. */
function operation(api: MockedApi, operationId: string) {
  const found = api.operations[operationId];
  if (!found) throw new Error(`no ${operationId} in ${api.alias}`);
  return found;
}

const problem = { message: "Something is off." };
const atField = { message: "Bad name.", details: [{ field: "am%zzount", message: "Bad name." }] };

describe("errorBody", () => {
  it("writes Upmobile's envelope, with the code the spec documents for the status or its class", () => {
    const op = operation(upmobile, "InitWithdrawal");
    expect(errorBody(upmobile, op, 400, problem)).toEqual({
      status: "error",
      status_code: 400,
      code: "bad_request",
      message: "Something is off.",
    });
    expect(errorBody(upmobile, op, 413, atField)).toEqual({
      status: "error",
      status_code: 413,
      code: "bad_request",
      message: "Bad name.",
      details: [{ field: "am%zzount", message: "Bad name." }],
    });
    expect(errorBody(upmobile, op, 503, problem)).toMatchObject({ status_code: 503, code: "internal_error" });
  });

  it("answers outside any operation in the shape of the API's secured operations", () => {
    expect(errorBody(upmobile, undefined, 404, problem)).toMatchObject({ status_code: 404, code: "not_found" });
    expect(errorBody(topup, undefined, 404, problem)).toEqual({
      disbursement_status: "failed",
      status_description: "Something is off.",
      status_code: "404",
    });
  });

  it("writes Paymob's body, per field when fields are at fault", () => {
    const op = operation(topup, "CreateTopupRequest");
    expect(errorBody(topup, op, 400, atField)).toEqual({
      disbursement_status: "failed",
      status_description: { "am%zzount": ["Bad name."] },
      status_code: "400",
    });
    expect(errorBody(topup, op, 503, problem)).toMatchObject({ status_code: "503" });
  });

  it("writes the token endpoint's OAuth body for a 4xx, and its documented 5XX body (Paymob's shape) for a 503", () => {
    const op = operation(topup, "ObtainToken");
    expect(errorBody(topup, op, 400, problem)).toEqual({
      error: "invalid_request",
      error_description: "Something is off.",
    });
    expect(errorBody(topup, op, 503, problem)).toEqual({
      disbursement_status: "failed",
      status_description: "Something is off.",
      status_code: "503",
    });
  });
});

describe("disagreementBody", () => {
  const missing = {
    location: ["request", "body"],
    severity: "Error",
    code: "required",
    message: "must have required property 'username'",
  };

  it("names where Prism refused and its rule, in the API's body, never Prism's sentence", () => {
    const envelope = disagreementBody(
      upmobile,
      operation(upmobile, "InitWithdrawal"),
      422,
      JSON.stringify([
        { ...missing, location: ["request", "body", "amount"] },
        { ...missing, severity: "Warning" },
      ]),
    );
    expect(envelope).toEqual({
      status: "error",
      status_code: 422,
      code: "validation_failed",
      message: "The mock engine (Prism) refused a request that the spec's validators accept.",
      details: [{ field: "amount", message: "Prism's required rule fails here; the spec's validators accept it." }],
    });
    const oauth = disagreementBody(topup, operation(topup, "ObtainToken"), 400, JSON.stringify([missing]));
    expect(oauth).toEqual({
      error: "invalid_request",
      error_description: "Prism's required rule fails here; the spec's validators accept it.",
    });
    expect(JSON.stringify([envelope, oauth])).not.toContain(missing.message);
    expect(disagreementBody(topup, operation(topup, "ObtainToken"), 400, "not json")).toBeUndefined();
  });
});
