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
  assertAccount,
  assertWithdrawalRequest,
  isAccount,
  isWithdrawalPreviewRequest,
  isWithdrawalRequest,
  validateRequestBody,
  validateRequestParams,
  validateResponseBody,
} from "../src/validators.js";

const specFacts = await specFactsOf("upmobile");

// The spec's own examples are the valid values every case breaks one field of.
const SEED_UUID = "1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p"; // the provider's sample id: letters past f
const withdrawal = example(specFacts, "InitWithdrawal");
const preview = example(specFacts, "PreviewWithdrawal");
const accountsOk = example(specFacts, "GetAccounts", "200", "onePage") as { data: { accounts: Obj[] } };
const account = accountsOk.data.accounts[0] as Obj;
const settlement = patch(account, { id: "6a1e4c8f-2b9d-4e37-a5f0-8c3b1d9e7a24", owner_id: MISSING, type: "business" });
const operationOk = example(specFacts, "GetOperation", "200");
const operation = operationOk.data as Obj;
const badRequest = example(specFacts, "GetAccounts", "400");

const DESTINATION_MAX = specFacts.schemas.WithdrawalRequest?.properties.find(
  (p) => p.name === "destination",
)?.maxLength;
if (DESTINATION_MAX === undefined) throw new Error("The spec gives WithdrawalRequest.destination no maxLength.");

const initBody = (changes: Obj) => validateRequestBody("InitWithdrawal", patch(withdrawal, changes));
const previewBody = (changes: Obj) => validateRequestBody("PreviewWithdrawal", patch(preview, changes));
const accountsQuery = (query: Obj) => validateRequestParams("GetAccounts", { query });
/** A GetAccounts 200 of one account, patched. */
const accountsWith = (changes: Obj) =>
  validateResponseBody("GetAccounts", 200, { ...accountsOk, data: { accounts: [patch(account, changes)], pages: 1 } });
const accountsEnvelope = (changes: Obj) => validateResponseBody("GetAccounts", 200, patch(accountsOk, changes));
const accountsPage = (changes: Obj) =>
  validateResponseBody("GetAccounts", 200, { ...accountsOk, data: patch(accountsOk.data, changes) });
/** A GetOperation 200 whose operation is patched. */
const operationWith = (changes: Obj) =>
  validateResponseBody("GetOperation", 200, { ...operationOk, data: patch(operation, changes) });
const errorBody = (status: number, changes: Obj, operationId: "GetAccounts" | "InitWithdrawal" = "GetAccounts") =>
  validateResponseBody(operationId, status, patch(badRequest, { status_code: status, ...changes }));

const POSITIVE_DECIMAL = "decimal string such as 100.00";
const DECIMAL = "a decimal string such as 100.00 (digits, an optional fraction of up to 8 digits, no sign or exponent)";

// ---------------------------------------------------------------------------------------------------------------
// The corpus: what the spec's facts imply, and the values of each pattern and format a person would try
// ---------------------------------------------------------------------------------------------------------------

const corpus: Record<string, BadCase[]> = {
  ...specCases(specFacts, validators, {
    bodies: { InitWithdrawal: [withdrawal], PreviewWithdrawal: [preview] },
    params: { GetAccounts: {}, GetOperation: { path: { id: operation.id } } },
  }),
  "InitWithdrawal body, each pattern and format": fieldCases(initBody, "", [
    ["account_id", SEED_UUID, "format", "account_id must be a UUID such as"],
    ["account_id", "", "format"],
    ["account_id", "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0", "format"],
    ["account_id", "3f0c9a528d1e4b7a9c215e6f7a8b9c0d", "format"],
    ...["1e5", "-1.00", "+1.00", "01.00", "0", "0.00", "0.00000000", "1.123456789", ""].map(
      (amount) => ["amount", amount, "pattern", POSITIVE_DECIMAL] as const,
    ),
    ...[" 100", "100 ", "1.", ".5", "1,00", "1234567890123456789"].map(
      (amount) => ["amount", amount, "pattern"] as const,
    ),
    ["category_code", "sms", "enum"],
    ["currency_code", "EUR", "enum"],
    ["currency_code", "USDT", "enum"], // an account currency, not a withdrawal one
    ["destination", 79999999999, "type"],
    ["operator_code", "Beeline", "pattern", "lower-case operator code"],
    ["operator_code", "bee-line", "pattern"],
    ["operator_code", "a".repeat(33), "pattern"],
    ["operator_code", "", "pattern"],
    ["region_code", "KZ", "enum"],
    ["accountId", withdrawal.account_id, "additionalProperties"],
  ]),
  "PreviewWithdrawal body: the fields only a withdrawal has are unknown": fieldCases(previewBody, "", [
    ["destination", "+79999999999", "additionalProperties"],
    ["account_id", withdrawal.account_id, "additionalProperties"],
  ]),
  "GetOperation id": fieldCases((path) => validateRequestParams("GetOperation", { path }), "/path", [
    ["id", SEED_UUID, "format", "id must be a UUID"],
  ]),
  "GetAccounts 200, an account": fieldCases(accountsWith, "/data/accounts/0", [
    ["id", SEED_UUID, "format", "data.accounts[0].id must be a UUID"],
    ["balance", 100, "type"],
    ["balance", "-1.00", "pattern", DECIMAL],
    ["balance", "01.00", "pattern"],
    ["held_balance", "1e5", "pattern"],
    ["held_balance", "0.123456789", "pattern"],
    ["currency_code", "usd", "pattern", "an upper-case currency code of 3 to 5 letters"],
    ["currency_code", "US", "pattern"],
    ["currency_code", "USDTX1", "pattern"],
    ["created_at", "2022-02-24", "format", "must be a date-time such as 2024-01-15T10:30:00Z"],
    ["created_at", "2022-02-24T00:00:00", "format"],
    ["created_at", "2022-02-24T25:00:00Z", "format"],
    ["created_at", "24.02.2022 00:00", "format"],
    ["status", 1, "type"], // an open enum is still a string
    ["owner_id", null, "type", "data.accounts[0].owner_id must be a string, not null."],
    ["owner_id", SEED_UUID, "format"],
    ["name", null, "type"],
    ...["balance", "created_at", "currency_code", "held_balance", "id", "name", "status", "type"].map(
      (field) => [field, MISSING, "required", `data.accounts[0].${field} is required.`] as const,
    ),
  ]),
  "GetAccounts 200, the page and its envelope": [
    ...fieldCases(accountsPage, "/data", [
      ["accounts", null, "type"],
      ["accounts", {}, "type"],
      ["pages", -1, "minimum"],
      ["pages", "1", "type"],
      ["pages", MISSING, "required"],
    ]),
    ...fieldCases(accountsEnvelope, "", [
      ["status", "ok", "const", 'status must be "success".'],
      ["status_code", 201, "const"],
      ["status_code", "200", "const"],
      ["data", MISSING, "required"],
      ["data", null, "type"],
    ]),
    bad(
      "the second account is broken",
      () => accountsPage({ accounts: [account, { ...settlement, id: SEED_UUID }] }),
      "/data/accounts/1/id",
      "format",
    ),
  ],
  "GetOperation 200": fieldCases(operationWith, "/data", [
    ["from_account", null, "type", "data.from_account must be an object, not null."],
    ["to_account", MISSING, "required"],
    ["amount", 100, "type"],
    ["amount", "1e2", "pattern"],
    ["currency_code", "USDT", "enum"], // operations use CurrencyCode
    ["category_code", "Mobile", "enum"],
    ["destination", "", "minLength"],
    ["operator_code", "Beeline", "pattern"],
    ["breakdown", null, "type"],
    ["id", SEED_UUID, "format"],
    ["from_account_id", "acc-1", "format"],
    ["created_at", 1645660800, "type"],
    ["sender_label", null, "type"], // may be empty, not null
    ["receiver_label", MISSING, "required"],
  ]),
  "GetOperation 200, nested": [
    bad(
      "from_account balance 01",
      () => operationWith({ from_account: { ...account, balance: "01" } }),
      "/data/from_account/balance",
      "pattern",
    ),
    bad(
      'breakdown currency_code "usd"',
      () => operationWith({ breakdown: [{ amount: "1.27", currency_code: "usd", kind: "exchange" }] }),
      "/data/breakdown/0/currency_code",
      "pattern",
    ),
    bad(
      "breakdown item missing amount",
      () => operationWith({ breakdown: [{ currency_code: "USD", kind: "exchange" }] }),
      "/data/breakdown/0/amount",
      "required",
    ),
  ],
  "error envelopes (ErrorResponse)": [
    ...fieldCases((changes) => errorBody(400, changes), "", [
      ["code", 400, "type"],
      ["status", "failure", "const"],
      ["status_code", "400", "type"],
      ["status_code", 399, "minimum", "status_code must be at least 400."],
      ["message", 42, "type"],
      ["details", { field: "amount", message: "x" }, "type"],
    ]),
    ...fieldCases((changes) => errorBody(422, { code: "insufficient_funds", ...changes }, "InitWithdrawal"), "", [
      ["status_code", 600, "maximum"],
      ["details", null, "type"],
    ]),
    bad(
      "details item missing field",
      () => errorBody(400, { details: [{ message: "x" }] }),
      "/details/0/field",
      "required",
      "details[0].field is required.",
    ),
    bad("message missing on a 401", () => errorBody(401, { message: MISSING }), "/message", "required"),
    bad(
      "an undocumented status (418)",
      () => validateResponseBody("GetAccounts", 418, badRequest),
      "",
      "status",
      "HTTP 418 is not a documented response of GetAccounts.",
    ),
    bad(
      "an undocumented 2xx must still carry a documented success body",
      () => validateResponseBody("InitWithdrawal", 202, { ...operationOk, data: { id: "x" } }),
      "/data/amount",
      "required",
    ),
  ],
};

describe("the bad-input corpus: each case is rejected with the error at the expected path", () => {
  runBadCases(corpus);
});

// ---------------------------------------------------------------------------------------------------------------
// Valid input, and what a provider may vary
// ---------------------------------------------------------------------------------------------------------------

const bare = patch(badRequest, { details: MISSING });
const valid: Record<string, () => ValidationResult> = {
  "GetAccounts 200, the spec's example": () => accountsEnvelope({}),
  "GetOperation 200, the spec's example": () => operationWith({}),
  "GetAccounts 400, the spec's example": () => validateResponseBody("GetAccounts", 400, badRequest),
  "InitWithdrawal with a destination of the longest length": () =>
    initBody({ destination: "d".repeat(DESTINATION_MAX) }),
  "InitWithdrawal with the smallest positive amount": () => initBody({ amount: "0.00000001" }),
  "InitWithdrawal with the largest amount": () => initBody({ amount: "999999999999999999.99999999" }),
  "InitWithdrawal with an integer amount": () => initBody({ amount: "5" }),
  "InitWithdrawal with a 32-character operator code": () => initBody({ operator_code: "a_1".repeat(10).concat("zz") }),
  "PreviewWithdrawal in another category": () => previewBody({ amount: "0.5", category_code: "game" }),
  "GetAccounts parameters at their lower bounds": () => accountsQuery({ page: 1, page_size: 1 }),
  "GetAccounts parameters at their upper bounds": () => accountsQuery({ page: 1000, page_size: 100 }),
  "GetAccounts without parameters": () => validateRequestParams("GetAccounts"),
  "GetAccounts 200 with two accounts, the second without owner_id": () =>
    accountsPage({ accounts: [account, settlement] }),
  "GetAccounts 200 with zero balances and a non-withdrawal currency": () =>
    accountsWith({ balance: "0", held_balance: "0.00000000", currency_code: "USDT" }),
  "GetAccounts 200, an empty page": () =>
    validateResponseBody("GetAccounts", 200, example(specFacts, "GetAccounts", "200", "empty")),
  "GetAccounts 200 with status as a string": () => validateResponseBody("GetAccounts", "200", accountsOk),
  "InitWithdrawal 200": () => validateResponseBody("InitWithdrawal", 200, operationOk),
  "GetOperation 200 without a breakdown": () => operationWith({ breakdown: MISSING }),
  "GetAccounts 401 without details": () => errorBody(401, { ...bare, code: "unauthorized" }),
  "GetOperation 404": () => validateResponseBody("GetOperation", 404, { ...bare, status_code: 404, code: "not_found" }),
  "InitWithdrawal 422": () => errorBody(422, { ...bare, code: "insufficient_funds" }, "InitWithdrawal"),
  "unknown properties at every level of a response": () =>
    validateResponseBody("GetAccounts", 200, {
      ...accountsOk,
      request_id: "r-1",
      data: { accounts: [{ ...account, nickname: "main", limits: { daily: "10" } }], pages: 1, total: 1 },
    }),
  "unknown properties in an operation, its breakdown and its accounts": () =>
    operationWith({
      updated_at: "2022-02-24T00:00:01Z",
      breakdown: [{ amount: "1.27", currency_code: "USD", kind: "exchange", rate: "78.7" }],
      from_account: { ...account, tier: "gold" },
    }),
  "an unknown property in an error": () => errorBody(400, { hint: "see docs" }),
  // Tolerant responses: what a provider may vary is read, not refused.
  'account status "frozen" (an open enum)': () => accountsWith({ status: "frozen" }),
  'account status "ACTIVE" (wrong case)': () => accountsWith({ status: "ACTIVE" }),
  'account type "corporate"': () => accountsWith({ type: "corporate" }),
  'operation status "cancelled"': () => operationWith({ status: "cancelled" }),
  'operation type "transfer"': () => operationWith({ type: "transfer" }),
  'breakdown kind "fee"': () => operationWith({ breakdown: [{ amount: "1.27", currency_code: "USD", kind: "fee" }] }),
  'error code "BAD_REQUEST"': () => errorBody(400, { code: "BAD_REQUEST" }),
  "GetOperation 404 with a code the spec does not list": () =>
    validateResponseBody("GetOperation", 404, { ...badRequest, status_code: 404, code: "missing" }),
  "an error body without code": () => errorBody(500, { code: MISSING }),
  "a 503 from a gateway (5XX)": () => errorBody(503, { code: "internal_error" }),
  "InitWithdrawal answered 201 instead of 200 (a success the spec allows)": () =>
    validateResponseBody("InitWithdrawal", 201, operationOk),
};

describe("valid input passes, and responses read what a provider may vary", () => {
  runValidCases(valid);
});

// ---------------------------------------------------------------------------------------------------------------
// Guards, assertions and sentences
// ---------------------------------------------------------------------------------------------------------------

describe("isX / assertX", () => {
  it("isAccount accepts an account (extra fields included) and refuses a broken one", () => {
    expect(isAccount(account)).toBe(true);
    expect(isAccount(settlement)).toBe(true);
    expect(isAccount({ ...account, nickname: "x" })).toBe(true);
    expect(isAccount({ ...account, balance: 100 })).toBe(false);
    expect(isAccount({ ...account, owner_id: null })).toBe(false);
    expect(isAccount(patch(account, { id: MISSING }))).toBe(false);
    expect(isAccount(null)).toBe(false);
  });

  it("isWithdrawalRequest / isWithdrawalPreviewRequest follow the closed request schemas", () => {
    expect(isWithdrawalRequest(withdrawal)).toBe(true);
    expect(isWithdrawalRequest({ ...withdrawal, extra: 1 })).toBe(false);
    expect(isWithdrawalPreviewRequest(preview)).toBe(true);
    expect(isWithdrawalPreviewRequest(withdrawal)).toBe(false);
  });

  it("assertWithdrawalRequest passes a valid value and narrows it", () => {
    const value: unknown = { ...withdrawal };
    assertWithdrawalRequest(value);
    expect(value.amount).toBe("100.00");
  });

  it("assertWithdrawalRequest throws a ValidationError whose errors name each broken field", () => {
    let caught: unknown;
    try {
      assertWithdrawalRequest({ ...withdrawal, account_id: SEED_UUID, amount: "0" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.name).toBe("ValidationError");
    expect(error.kind).toBe("validation");
    expect(error.subject).toBe("WithdrawalRequest");
    expect(error.errors.map((e) => [e.path, e.keyword])).toEqual([
      ["/account_id", "format"],
      ["/amount", "pattern"],
    ]);
    expect(error.message).toMatch(/^WithdrawalRequest is invalid: account_id must be a UUID/);
  });

  it("assertAccount names a nested problem by its field", () => {
    expect(() => assertAccount({ ...account, status: 7 })).toThrowError("Account is invalid: status must be a string.");
  });

  it("assertX uses the spec's pattern sentence, as validateRequestBody does", () => {
    expect(() => assertWithdrawalRequest({ ...withdrawal, amount: "0" })).toThrowError(
      "WithdrawalRequest is invalid: amount must be a positive decimal string such as 100.00 (greater than zero, no sign or exponent).",
    );
  });
});

describe("sentences, one per keyword", () => {
  it.each([
    [
      "pattern: the amount names the decimal form",
      initBody({ amount: "1e5" }),
      ["amount must be a positive decimal string such as 100.00 (greater than zero, no sign or exponent)."],
    ],
    ["required", initBody({ destination: MISSING }), ["destination is required."]],
    [
      "enum lists the allowed values",
      initBody({ category_code: "sms" }),
      ["category_code must be one of: mobile, crypto, game."],
    ],
    ["type", initBody({ amount: 100 }), ["amount must be a string."]],
    ["type of a parameter", accountsQuery({ page: "1" }), ["page must be an integer."]],
    ["type, with null called out", initBody({ amount: null }), ["amount must be a string, not null."]],
    [
      "format",
      initBody({ account_id: SEED_UUID }),
      ["account_id must be a UUID such as 123e4567-e89b-42d3-a456-426614174000."],
    ],
    ["additionalProperties", initBody({ foo: 1 }), ["foo is not a known field; remove it."]],
    [
      "minimum / maximum on parameters",
      accountsQuery({ page: 0, page_size: 101 }),
      ["page must be at least 1.", "page_size must be at most 100."],
    ],
    ["minLength", initBody({ destination: "" }), ["destination must not be empty."]],
    [
      "maxLength",
      initBody({ destination: "x".repeat(DESTINATION_MAX + 1) }),
      [`destination must be at most ${DESTINATION_MAX} characters long.`],
    ],
    ["const", accountsEnvelope({ status_code: 201 }), ["status_code must be 200."]],
    [
      "nested paths read as field paths",
      accountsWith({ created_at: "yesterday" }),
      ["data.accounts[0].created_at must be a date-time such as 2024-01-15T10:30:00Z."],
    ],
  ] as const)("%s", (_name, result, expected) => {
    expect(messages(result)).toEqual(expected);
  });

  // JSON has no Infinity, and `page=Infinity` must not reach the wire (see SPEC_AJV_OPTIONS.strictNumbers).
  it("an integer parameter refuses Infinity", () => {
    expectIssue(accountsQuery({ page: Number.POSITIVE_INFINITY }), "/query/page", "type");
  });
});
