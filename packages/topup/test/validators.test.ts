import { ValidationError, type ValidationResult } from "@contracts/runtime";
import {
  type BadCase,
  bad,
  example,
  expectIssue,
  fieldCases,
  MISSING,
  messages,
  type Obj,
  patch,
  runBadCases,
  runValidCases,
  specCases,
  specFactsOf,
} from "@contracts/test-validators";
import { describe, expect, it } from "vitest";
import * as validators from "../src/validators.js";
import {
  assertTopupRequest,
  isAcceptBalanceTopupForm,
  isBankTransferTopupForm,
  isTopupRequest,
  isTopupRequestForm,
  validateRequestBody,
  validateRequestParams,
  validateResponseBody,
} from "../src/validators.js";
import {
  acceptBalanceForm,
  acceptBalanceRequest,
  bankTransferForm,
  MAX_PROOF_BYTES,
  oversizeMessage,
  PROOF_RULE,
  pdfBlob,
  pendingBankRequest,
} from "./support/fixtures.js";

const specFacts = await specFactsOf("topup");

// The spec's own examples are the valid values every case breaks one field of; a form's proof is a Blob.
const pdf = pdfBlob;
const bank = bankTransferForm();
const accept = acceptBalanceForm;
const passwordGrant = example(specFacts, "ObtainToken", undefined, "passwordGrant");
const refreshGrant = example(specFacts, "ObtainToken", undefined, "refreshTokenGrant");
const topupRequest = example(specFacts, "CreateTopupRequest", "201", "bankTransferPending");
const inquiryPage = example(specFacts, "InquireTopupRequests", "200");
const tokenResponse = example(specFacts, "ObtainToken", "200");
const fieldErrors = example(specFacts, "CreateTopupRequest", "400", "fieldErrors");
const unauthorized = example(specFacts, "CreateTopupRequest", "401", "missingCredentials");

const create = (body: unknown) => validateRequestBody("CreateTopupRequest", body);
const bankWith = (changes: Obj) => create(patch(bank, changes));
const acceptWith = (changes: Obj) => create(patch(accept, changes));
const inquire = (query: Obj) => validateRequestParams("InquireTopupRequests", { query });
const token = (body: unknown) => validateRequestBody("ObtainToken", body);
const created = (changes: Obj) => validateResponseBody("CreateTopupRequest", 201, patch(topupRequest, changes));
/** A response of the operation and status: `base` with `changes`. */
const response =
  (operationId: "CreateTopupRequest" | "InquireTopupRequests" | "ObtainToken", status: number, base: Obj) =>
  (changes: Obj) =>
    validateResponseBody(operationId, status, patch(base, changes));

// ---------------------------------------------------------------------------------------------------------------
// The corpus: what the spec's facts imply, and the values of each rule a person would try
// ---------------------------------------------------------------------------------------------------------------

const corpus: Record<string, BadCase[]> = {
  ...specCases(specFacts, validators, {
    bodies: { CreateTopupRequest: [bank, accept], ObtainToken: [passwordGrant, refreshGrant] },
    params: { InquireTopupRequests: {} },
  }),
  "CreateTopupRequest, bank-transfer branch": fieldCases(bankWith, "", [
    ["amount", 0, "minimum", "amount must be at least 1."],
    ["amount", -1, "minimum"],
    ["amount", 1.5, "type", "amount must be an integer."],
    ["amount", null, "type", "amount must be an integer, not null."],
    ["type", "From_Bank_Transfer", "discriminator"],
    ["type", "bank_transfer", "discriminator"],
    ["type", 1, "discriminator"],
    ["currency", "EGP", "enum", "currency must be one of: egyptian_pound, american_dollar."],
    ["from_account_number", 1234567890, "type"], // leading zeros would be lost
    ["from_date", "2024-13-01", "format", "from_date must be a date as YYYY-MM-DD, such as 2024-01-15."],
    ["from_date", "2024-02-30", "format"],
    ["from_date", "2023-02-29", "format"], // not a leap year
    ["from_date", "15/01/2024", "format"],
    ["from_date", "2024-1-5", "format"],
    ["from_date", "2024-01-15T00:00:00Z", "format"],
    ["from_date", 20240115, "type"],
    ["to_attach_proof", "proof.pdf", "type", "to_attach_proof must be a file (a Blob or File), not string."],
    ["to_attach_proof", null, "type", "not null."],
    ["to_attach_proof", new Uint8Array(4), "type"],
    ["to_attach_proof", pdf(MAX_PROOF_BYTES + 1), "maxBytes", oversizeMessage(MAX_PROOF_BYTES + 1)],
    [
      "to_attach_proof",
      pdf(4, "text/plain"),
      "contentType",
      `must be one of these file types: ${PROOF_RULE.contentTypes.join(", ")}; this file is "text/plain".`,
    ],
    ["to_attach_proof", new Blob(["%PDF"]), "contentType", "this file is of no declared type."],
    ["to_attach_proof", new File(["GIF89a"], "proof.gif", { type: "image/gif" }), "contentType"],
    ["username", "accept_user_123", "additionalProperties"], // an Accept field
  ]),
  "CreateTopupRequest, Accept-balance branch": fieldCases(acceptWith, "", [
    ["amount", "500", "type"],
    ["amount", 99.9, "type"],
    ["amount", Number.POSITIVE_INFINITY, "type"], // JSON has no Infinity (see SPEC_AJV_OPTIONS.strictNumbers)
    ["currency", "USD", "enum"],
    ["type", "from_accept_balance ", "discriminator"],
    ["from_bank", "CIB", "additionalProperties"], // a bank field
    ["from_date", "2024-01-15", "additionalProperties"],
    ["to_attach_proof", pdf(), "additionalProperties"],
  ]),
  "CreateTopupRequest, a body that is not an object": ["amount=1000", 1000, true].map((body) =>
    bad(JSON.stringify(body), () => create(body), "", "type"),
  ),
  "InquireTopupRequests parameters, each value a person would try": fieldCases(inquire, "/query", [
    ["status", "done", "enum", "status must be one of: initiated, pending, approved, rejected."],
    ["status", "cancelled", "enum"], // requests stay strict: an open enum's unknown value is refused
    ["from_date", "01/01/2024", "format"],
    ["from_date", "2024-02-30", "format"],
    ["to_date", "yesterday", "format"],
    ["page", Number.POSITIVE_INFINITY, "type"],
  ]),
  "ObtainToken body": fieldCases((changes) => token(patch(passwordGrant, changes)), "", [
    ["grant_type", "client_credentials", "discriminator"],
    ["scope", "read", "additionalProperties"],
  ]),
  "CreateTopupRequest 201 (TopupRequest)": fieldCases(created, "", [
    ...["reason", "status", "automatic", "username", "to_attach_proof"].map(
      (field) => [field, MISSING, "required", `${field} is required.`] as const,
    ),
    ["amount", 1000, "type", "amount must be a string."],
    ["amount", "1000.001", "pattern", "amount must be a decimal string such as 1000.00."],
    ["amount", "1e3", "pattern"],
    ["amount", "-5.00", "pattern"],
    ["id", "123", "type"],
    ["status", 3, "type"],
    ["transfer_type", "FROM_BANK_TRANSFER", "enum"],
    ["automatic", null, "type", "automatic must be true or false, not null."],
    ["from_date", "2024-02-30", "format"],
    ["username", 5, "type"],
    ["currency", "EGP", "enum"],
    ["created_at", "yesterday", "format"],
  ]),
  "error envelopes": [
    ...fieldCases(response("CreateTopupRequest", 400, fieldErrors), "", [
      ["status_code", 400, "type", "status_code must be a string."],
      ["status_description", ["This field is required"], "oneOf", "does not match any of its allowed forms."],
      ["status_description", { from_bank: "This field is required" }, "oneOf"],
      ["status_description", MISSING, "required"],
      ["disbursement_status", "success", "const", 'disbursement_status must be "failed".'],
    ]),
    ...fieldCases(response("InquireTopupRequests", 400, fieldErrors), "", [["status_description", 400, "oneOf"]]),
    ...fieldCases(response("CreateTopupRequest", 401, unauthorized), "", [
      ["detail", 401, "type"],
      ["status_code", "400", "const"],
    ]),
    ...fieldCases(response("InquireTopupRequests", 401, unauthorized), "", [["status_code", 401, "type"]]),
    bad(
      "401 with neither detail nor status_description",
      () => response("CreateTopupRequest", 401, unauthorized)({ detail: MISSING }),
      "",
      "anyOf",
      "The value does not match any of its allowed forms.",
    ),
    bad(
      "an undocumented status (418)",
      () => validateResponseBody("CreateTopupRequest", 418, fieldErrors),
      "",
      "status",
      "HTTP 418 is not a documented response of CreateTopupRequest.",
    ),
    bad(
      "an undocumented 2xx (202) whose body is not a TopupRequest",
      () => validateResponseBody("CreateTopupRequest", 202, fieldErrors),
      "/id",
      "required",
    ),
  ],
  "InquireTopupRequests 200 (TopupInquiryPage)": [
    ...fieldCases(response("InquireTopupRequests", 200, inquiryPage), "", [
      ["count", -1, "minimum"],
      ["next", "/topup/inquire/?page=2", "format", "next must be an absolute URI."],
      ["results", MISSING, "required"],
    ]),
    bad(
      "an item with a numeric amount",
      () =>
        response(
          "InquireTopupRequests",
          200,
          inquiryPage,
        )({
          results: { status: "success", topup_requests: [topupRequest, { ...acceptBalanceRequest, amount: 500 }] },
        }),
      "/results/topup_requests/1/amount",
      "type",
      "results.topup_requests[1].amount must be a string.",
    ),
  ],
  "ObtainToken responses": [
    ...fieldCases(response("ObtainToken", 200, tokenResponse), "", [
      ["token_type", "bearer", "const"],
      ["expires_in", 0, "minimum"],
      ["expires_in", "3600", "type"],
      ["refresh_token", MISSING, "required"],
    ]),
    bad("an OAuth error as a number", () => validateResponseBody("ObtainToken", 400, { error: 400 }), "/error", "type"),
  ],
};

describe("the proof rule the corpus reads", () => {
  // the corpus takes the limit and the types from the operation table, so it follows the spec; this pins
  // them, and the sentence, to what the spec and the README say.
  it("is the spec's x-max-bytes and content types, and its sentence says the limit in bytes and MB", () => {
    expect(PROOF_RULE).toEqual({ maxBytes: 2_936_012, contentTypes: ["application/pdf", "image/jpeg", "image/png"] });
    expect(messages(bankWith({ to_attach_proof: pdf(2_936_013) }))).toEqual([
      "to_attach_proof must be at most 2,936,012 bytes (2.8 MB); this file has 2,936,013 bytes.",
    ]);
  });
});

describe("the bad-input corpus: each case is rejected with the error at the expected path", () => {
  runBadCases(corpus);
});

// ---------------------------------------------------------------------------------------------------------------
// Valid input, and what a provider may vary
// ---------------------------------------------------------------------------------------------------------------

const valid: Record<string, () => ValidationResult> = {
  "CreateTopupRequest: a proof of exactly the limit": () => bankWith({ to_attach_proof: pdf(MAX_PROOF_BYTES) }),
  "CreateTopupRequest: a JPEG File": () =>
    bankWith({ to_attach_proof: new File(["\xff\xd8"], "slip.jpg", { type: "image/jpeg" }) }),
  "CreateTopupRequest: a PNG Blob": () => bankWith({ to_attach_proof: pdf(8, "image/png") }),
  "CreateTopupRequest: a leap day": () => bankWith({ from_date: "2024-02-29" }),
  "CreateTopupRequest: American dollars, amount 1": () => acceptWith({ amount: 1, currency: "american_dollar" }),
  "InquireTopupRequests parameters at their lower bounds": () => inquire({ page: 1, page_size: 1 }),
  "InquireTopupRequests with every parameter": () =>
    inquire({ page: 7, page_size: 100, status: "rejected", from_date: "2024-01-01", to_date: "2024-12-31" }),
  "InquireTopupRequests without parameters": () => validateRequestParams("InquireTopupRequests"),
  "CreateTopupRequest 201, a bank transfer": () => created({}),
  "CreateTopupRequest 201, an Accept transfer, status as a string": () =>
    validateResponseBody("CreateTopupRequest", "201", acceptBalanceRequest),
  "CreateTopupRequest 201 with the extra fields seen in practice": () =>
    created({
      automatic: true,
      status: "approved",
      currency: "egyptian_pound",
      bank_reference: null,
      is_t_plus_two: false,
      trust_user: false,
      created_at: "2024-02-01T10:15:30Z",
      updated_at: "2024-02-01T10:15:30Z",
      some_future_field: { nested: [1, 2, 3] },
    }),
  "InquireTopupRequests 200, a page": () => response("InquireTopupRequests", 200, inquiryPage)({}),
  "InquireTopupRequests 200, the last page, with an unknown field": () =>
    response(
      "InquireTopupRequests",
      200,
      inquiryPage,
    )({
      next: null,
      previous: "https://payouts.paymobsolutions.com/api/secure/topup/inquire/?page=1",
      extra: true,
      results: { status: "success", topup_requests: [{ ...pendingBankRequest, status: "rejected", reason: "x" }] },
    }),
  "InquireTopupRequests 200, an empty page": () =>
    response(
      "InquireTopupRequests",
      200,
      inquiryPage,
    )({
      count: 0,
      next: null,
      previous: null,
      results: { status: "success", topup_requests: [] },
    }),
  "CreateTopupRequest 400, field errors": () => response("CreateTopupRequest", 400, fieldErrors)({}),
  "InquireTopupRequests 400, a sentence": () =>
    response("InquireTopupRequests", 400, fieldErrors)({ status_description: "Invalid status" }),
  "CreateTopupRequest 401, detail": () => response("CreateTopupRequest", 401, unauthorized)({}),
  "CreateTopupRequest 401, status_description and an unknown field": () =>
    response(
      "CreateTopupRequest",
      401,
      unauthorized,
    )({ detail: MISSING, status_description: "Not provided.", extra: 1 }),
  "ObtainToken 200 with an unknown field": () => response("ObtainToken", 200, tokenResponse)({ id_token: "x" }),
  "ObtainToken 400": () => validateResponseBody("ObtainToken", 400, { error: "invalid_grant", error_description: "x" }),
  "ObtainToken 401 with an unknown field": () =>
    validateResponseBody("ObtainToken", 401, { error: "invalid_client", extra: true }),
  // Tolerant responses: what a provider may vary is read, not refused.
  'a status the spec does not list ("cancelled")': () => created({ status: "cancelled" }),
  "a recorded request answered 200 (documented beside 201)": () =>
    validateResponseBody("CreateTopupRequest", 200, topupRequest),
  "a recorded request answered 202 (an undocumented success)": () =>
    validateResponseBody("CreateTopupRequest", 202, topupRequest),
  'an OAuth error code the spec does not list ("slow_down")': () =>
    validateResponseBody("ObtainToken", 400, { error: "slow_down" }),
  "a 503 from a gateway (5XX)": () =>
    validateResponseBody("CreateTopupRequest", 503, { detail: "Service unavailable." }),
  "a 429 with DRF's throttling body": () =>
    validateResponseBody("InquireTopupRequests", 429, { detail: "Request was throttled." }),
};

describe("valid input passes, and responses read what a provider may vary", () => {
  runValidCases(valid);
});

// ---------------------------------------------------------------------------------------------------------------
// Guards and assertions
// ---------------------------------------------------------------------------------------------------------------

describe("isX / assertX", () => {
  it("the form guards pick the right branch", () => {
    expect(isTopupRequestForm(bank)).toBe(true);
    expect(isTopupRequestForm(accept)).toBe(true);
    expect(isBankTransferTopupForm(bank)).toBe(true);
    expect(isBankTransferTopupForm(accept)).toBe(false);
    expect(isAcceptBalanceTopupForm(accept)).toBe(true);
    expect(isAcceptBalanceTopupForm({ ...accept, from_bank: "CIB" })).toBe(false);
    expect(isTopupRequestForm({ ...accept, type: "cash" })).toBe(false);
    expect(isTopupRequestForm(null)).toBe(false);
  });

  it("isTopupRequest accepts a recorded request and refuses a numeric amount", () => {
    expect(isTopupRequest(topupRequest)).toBe(true);
    expect(isTopupRequest({ ...topupRequest, amount: 1000 })).toBe(false);
  });

  it("assertTopupRequest throws a ValidationError naming the field", () => {
    let caught: unknown;
    try {
      assertTopupRequest({ ...topupRequest, status: 3 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.name).toBe("ValidationError");
    expect(error.errors).toEqual([
      {
        path: "/status",
        field: "status",
        keyword: "type",
        params: { type: "string" },
        message: "status must be a string.",
      },
    ]);
  });

  // TokenRequest is a oneOf of two $ref'd branches; a branch's errors carry its own schemaPath, so only their
  // instance paths tell them from the chosen branch's.
  it("ObtainToken: a password grant without a password is not told about the other grant's fields", () => {
    const result = token(patch(passwordGrant, { password: MISSING }));
    expectIssue(result, "/password", "required");
    const issues = result.valid ? [] : result.errors;
    expect(issues).not.toContainEqual(expect.objectContaining({ path: "/username", keyword: "additionalProperties" }));
    expect(issues).not.toContainEqual(
      expect.objectContaining({ path: "/grant_type", message: 'grant_type must be "refresh_token".' }),
    );
  });
});
