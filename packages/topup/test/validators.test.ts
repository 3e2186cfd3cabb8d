import { ValidationError, type ValidationResult } from "@contracts/runtime";
import { describe, expect, it } from "vitest";
import type { PasswordGrantRequest, RefreshTokenGrantRequest, TokenResponse, TopupInquiryPage } from "../src/index.js";
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

// ---------------------------------------------------------------------------------------------------------------
// Valid fixtures (each is checked to pass below)
// ---------------------------------------------------------------------------------------------------------------

const pdf = pdfBlob;
const bank = bankTransferForm();
const accept = acceptBalanceForm;

const passwordGrant: PasswordGrantRequest = {
  grant_type: "password",
  username: "portal_user",
  password: "example-password",
  client_id: "exampleClientId0123456789",
  client_secret: "exampleClientSecret0123456789abcdef",
};

const refreshGrant: RefreshTokenGrantRequest = {
  grant_type: "refresh_token",
  refresh_token: "exampleRefreshToken0001",
  client_id: "exampleClientId0123456789",
  client_secret: "exampleClientSecret0123456789abcdef",
};

const topupRequest = pendingBankRequest;
const acceptRequest = acceptBalanceRequest;

const inquiryPage: TopupInquiryPage = {
  count: 11,
  next: "https://payouts.paymobsolutions.com/api/secure/topup/inquire/?page=2&page_size=10&status=pending",
  previous: null,
  results: { status: "success", topup_requests: [topupRequest, acceptRequest] },
};

const tokenResponse: TokenResponse = {
  access_token: "exampleAccessToken0001",
  token_type: "Bearer",
  expires_in: 3600,
  refresh_token: "exampleRefreshToken0001",
  scope: "read write",
};

const fieldErrors = {
  disbursement_status: "failed",
  status_description: { from_bank: ["This field is required"] },
  status_code: "400",
};

const unauthorized = {
  detail: "Authentication credentials were not provided.",
  disbursement_status: "failed",
  status_code: "401",
};

// ---------------------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function without<T extends object>(value: T, key: string): Obj {
  const copy: Obj = { ...(value as Obj) };
  delete copy[key];
  return copy;
}

const create = (body: unknown) => validateRequestBody("CreateTopupRequest", body);
const bankWith = (patch: Obj) => create({ ...bank, ...patch });
const acceptWith = (patch: Obj) => create({ ...accept, ...patch });
const inquire = (query: Obj) => validateRequestParams("InquireTopupRequests", { query });
const token = (body: unknown) => validateRequestBody("ObtainToken", body);
const created = (patch: Obj) => validateResponseBody("CreateTopupRequest", 201, { ...topupRequest, ...patch });

interface BadCase {
  name: string;
  result: () => ValidationResult;
  path: string;
  keyword: string;
  /** Optional: a piece of the message the error at `path` must carry. */
  message?: string;
}

function expectIssue(result: ValidationResult, path: string, keyword: string, message?: string): void {
  expect(result.valid).toBe(false);
  if (result.valid) return;
  expect(result.errors).toContainEqual(
    expect.objectContaining({
      path,
      keyword,
      ...(message === undefined ? {} : { message: expect.stringContaining(message) }),
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------------------------

const BANK_REQUIRED = [
  "amount",
  "currency",
  "from_bank",
  "from_account_number",
  "from_account_name",
  "from_date",
  "to_attach_proof",
] as const;

const bankCases: BadCase[] = [
  // each conditional required field
  ...BANK_REQUIRED.map(
    (field): BadCase => ({
      name: `missing ${field}`,
      result: () => create(without(bank, field)),
      path: `/${field}`,
      keyword: "required",
      message: `${field} is required when type is from_bank_transfer.`,
    }),
  ),
  {
    name: "missing type",
    result: () => create(without(bank, "type")),
    path: "/type",
    keyword: "required",
    message: "type is required.",
  },
  // amount
  {
    name: "amount 0",
    result: () => bankWith({ amount: 0 }),
    path: "/amount",
    keyword: "minimum",
    message: "amount must be at least 1.",
  },
  { name: "amount -1", result: () => bankWith({ amount: -1 }), path: "/amount", keyword: "minimum" },
  {
    name: "amount 1.5",
    result: () => bankWith({ amount: 1.5 }),
    path: "/amount",
    keyword: "type",
    message: "amount must be an integer.",
  },
  { name: 'amount "1000" (a string)', result: () => bankWith({ amount: "1000" }), path: "/amount", keyword: "type" },
  {
    name: "amount null",
    result: () => bankWith({ amount: null }),
    path: "/amount",
    keyword: "type",
    message: "amount must be an integer, not null.",
  },
  // type
  {
    name: 'type "FROM_BANK_TRANSFER" (wrong case)',
    result: () => bankWith({ type: "FROM_BANK_TRANSFER" }),
    path: "/type",
    keyword: "discriminator",
    message: "type must be one of: from_bank_transfer, from_accept_balance.",
  },
  {
    name: 'type "From_Bank_Transfer" (wrong case)',
    result: () => bankWith({ type: "From_Bank_Transfer" }),
    path: "/type",
    keyword: "discriminator",
  },
  {
    name: 'type "bank_transfer" (unknown)',
    result: () => bankWith({ type: "bank_transfer" }),
    path: "/type",
    keyword: "discriminator",
  },
  { name: "type as a number", result: () => bankWith({ type: 1 }), path: "/type", keyword: "discriminator" },
  // currency
  {
    name: 'currency "EGP" (not in the enum)',
    result: () => bankWith({ currency: "EGP" }),
    path: "/currency",
    keyword: "enum",
    message: "currency must be one of: egyptian_pound, american_dollar.",
  },
  {
    name: 'currency "Egyptian_Pound" (wrong case)',
    result: () => bankWith({ currency: "Egyptian_Pound" }),
    path: "/currency",
    keyword: "enum",
  },
  { name: "currency as a number", result: () => bankWith({ currency: 818 }), path: "/currency", keyword: "type" },
  // bank detail strings
  {
    name: "from_bank empty",
    result: () => bankWith({ from_bank: "" }),
    path: "/from_bank",
    keyword: "minLength",
    message: "from_bank must not be empty.",
  },
  { name: "from_bank as a number", result: () => bankWith({ from_bank: 1 }), path: "/from_bank", keyword: "type" },
  { name: "from_bank null", result: () => bankWith({ from_bank: null }), path: "/from_bank", keyword: "type" },
  {
    name: "from_account_number as a number (leading zeros would be lost)",
    result: () => bankWith({ from_account_number: 1234567890 }),
    path: "/from_account_number",
    keyword: "type",
  },
  {
    name: "from_account_number empty",
    result: () => bankWith({ from_account_number: "" }),
    path: "/from_account_number",
    keyword: "minLength",
  },
  {
    name: "from_account_name empty",
    result: () => bankWith({ from_account_name: "" }),
    path: "/from_account_name",
    keyword: "minLength",
  },
  {
    name: "from_account_name null",
    result: () => bankWith({ from_account_name: null }),
    path: "/from_account_name",
    keyword: "type",
  },
  // from_date
  {
    name: 'from_date "2024-13-01" (month 13)',
    result: () => bankWith({ from_date: "2024-13-01" }),
    path: "/from_date",
    keyword: "format",
    message: "from_date must be a date as YYYY-MM-DD, such as 2024-01-15.",
  },
  {
    name: 'from_date "2024-02-30" (no such day)',
    result: () => bankWith({ from_date: "2024-02-30" }),
    path: "/from_date",
    keyword: "format",
  },
  {
    name: 'from_date "2023-02-29" (not a leap year)',
    result: () => bankWith({ from_date: "2023-02-29" }),
    path: "/from_date",
    keyword: "format",
  },
  {
    name: 'from_date "15/01/2024"',
    result: () => bankWith({ from_date: "15/01/2024" }),
    path: "/from_date",
    keyword: "format",
  },
  {
    name: 'from_date "2024-1-5" (no zero padding)',
    result: () => bankWith({ from_date: "2024-1-5" }),
    path: "/from_date",
    keyword: "format",
  },
  {
    name: "from_date a date-time",
    result: () => bankWith({ from_date: "2024-01-15T00:00:00Z" }),
    path: "/from_date",
    keyword: "format",
  },
  {
    name: "from_date as a number",
    result: () => bankWith({ from_date: 20240115 }),
    path: "/from_date",
    keyword: "type",
  },
  // the proof file
  {
    name: "to_attach_proof as a string (a file name)",
    result: () => bankWith({ to_attach_proof: "proof.pdf" }),
    path: "/to_attach_proof",
    keyword: "type",
    message: "to_attach_proof must be a file (a Blob or File), not string.",
  },
  {
    name: "to_attach_proof null",
    result: () => bankWith({ to_attach_proof: null }),
    path: "/to_attach_proof",
    keyword: "type",
    message: "not null.",
  },
  {
    name: "to_attach_proof as bytes, not a Blob",
    result: () => bankWith({ to_attach_proof: new Uint8Array(4) }),
    path: "/to_attach_proof",
    keyword: "type",
  },
  {
    name: "to_attach_proof one byte over the limit",
    result: () => bankWith({ to_attach_proof: pdf(MAX_PROOF_BYTES + 1) }),
    path: "/to_attach_proof",
    keyword: "maxBytes",
    message: oversizeMessage(MAX_PROOF_BYTES + 1),
  },
  {
    name: 'to_attach_proof of type "text/plain"',
    result: () => bankWith({ to_attach_proof: pdf(4, "text/plain") }),
    path: "/to_attach_proof",
    keyword: "contentType",
    message: `must be one of these file types: ${PROOF_RULE.contentTypes.join(", ")}; this file is "text/plain".`,
  },
  {
    name: "to_attach_proof with no content type",
    result: () => bankWith({ to_attach_proof: new Blob(["%PDF"]) }),
    path: "/to_attach_proof",
    keyword: "contentType",
    message: "this file is of no declared type.",
  },
  {
    name: 'to_attach_proof a File of type "image/gif"',
    result: () => bankWith({ to_attach_proof: new File(["GIF89a"], "proof.gif", { type: "image/gif" }) }),
    path: "/to_attach_proof",
    keyword: "contentType",
  },
  // closed form, and the other branch's fields
  {
    name: "unknown field note",
    result: () => bankWith({ note: "please hurry" }),
    path: "/note",
    keyword: "additionalProperties",
    message: "note is not a known field; remove it.",
  },
  {
    name: "username (an Accept field) on a bank transfer",
    result: () => bankWith({ username: "accept_user_123" }),
    path: "/username",
    keyword: "additionalProperties",
  },
];

const acceptCases: BadCase[] = [
  ...(["amount", "currency", "username"] as const).map(
    (field): BadCase => ({
      name: `missing ${field}`,
      result: () => create(without(accept, field)),
      path: `/${field}`,
      keyword: "required",
      message: `${field} is required when type is from_accept_balance.`,
    }),
  ),
  {
    name: "missing type",
    result: () => create(without(accept, "type")),
    path: "/type",
    keyword: "required",
  },
  { name: "username empty", result: () => acceptWith({ username: "" }), path: "/username", keyword: "minLength" },
  { name: "username as a number", result: () => acceptWith({ username: 123 }), path: "/username", keyword: "type" },
  { name: "username null", result: () => acceptWith({ username: null }), path: "/username", keyword: "type" },
  { name: "amount 0", result: () => acceptWith({ amount: 0 }), path: "/amount", keyword: "minimum" },
  { name: 'amount "500" (a string)', result: () => acceptWith({ amount: "500" }), path: "/amount", keyword: "type" },
  { name: "amount 99.9", result: () => acceptWith({ amount: 99.9 }), path: "/amount", keyword: "type" },
  { name: 'currency "USD"', result: () => acceptWith({ currency: "USD" }), path: "/currency", keyword: "enum" },
  {
    name: 'type "from_accept_balance " (trailing space)',
    result: () => acceptWith({ type: "from_accept_balance " }),
    path: "/type",
    keyword: "discriminator",
  },
  {
    name: 'type "FROM_ACCEPT_BALANCE" (wrong case)',
    result: () => acceptWith({ type: "FROM_ACCEPT_BALANCE" }),
    path: "/type",
    keyword: "discriminator",
  },
  {
    name: "from_bank (a bank field) on an Accept transfer",
    result: () => acceptWith({ from_bank: "CIB" }),
    path: "/from_bank",
    keyword: "additionalProperties",
  },
  {
    name: "from_date (a bank field) on an Accept transfer",
    result: () => acceptWith({ from_date: "2024-01-15" }),
    path: "/from_date",
    keyword: "additionalProperties",
  },
  {
    name: "to_attach_proof (a bank field) on an Accept transfer",
    result: () => acceptWith({ to_attach_proof: pdf() }),
    path: "/to_attach_proof",
    keyword: "additionalProperties",
  },
  {
    name: "unknown field reference",
    result: () => acceptWith({ reference: "r-1" }),
    path: "/reference",
    keyword: "additionalProperties",
  },
];

const createBodyCases: BadCase[] = [
  {
    name: "body missing",
    result: () => create(undefined),
    path: "",
    keyword: "required",
    message: "The request body is required.",
  },
];

const inquiryParamCases: BadCase[] = [
  {
    name: "page_size 0",
    result: () => inquire({ page_size: 0 }),
    path: "/query/page_size",
    keyword: "minimum",
    message: "page_size must be at least 1.",
  },
  {
    name: "page_size 101",
    result: () => inquire({ page_size: 101 }),
    path: "/query/page_size",
    keyword: "maximum",
    message: "page_size must be at most 100.",
  },
  { name: 'page_size "10"', result: () => inquire({ page_size: "10" }), path: "/query/page_size", keyword: "type" },
  { name: "page 0", result: () => inquire({ page: 0 }), path: "/query/page", keyword: "minimum" },
  { name: "page 1.5", result: () => inquire({ page: 1.5 }), path: "/query/page", keyword: "type" },
  {
    name: 'status "PENDING" (wrong case)',
    result: () => inquire({ status: "PENDING" }),
    path: "/query/status",
    keyword: "enum",
    message: "status must be one of: initiated, pending, approved, rejected.",
  },
  { name: 'status "done"', result: () => inquire({ status: "done" }), path: "/query/status", keyword: "enum" },
  {
    name: 'from_date "2024-13-01"',
    result: () => inquire({ from_date: "2024-13-01" }),
    path: "/query/from_date",
    keyword: "format",
  },
  {
    name: 'from_date "01/01/2024"',
    result: () => inquire({ from_date: "01/01/2024" }),
    path: "/query/from_date",
    keyword: "format",
  },
  {
    name: 'from_date "2024-02-30"',
    result: () => inquire({ from_date: "2024-02-30" }),
    path: "/query/from_date",
    keyword: "format",
  },
  {
    name: 'to_date "yesterday"',
    result: () => inquire({ to_date: "yesterday" }),
    path: "/query/to_date",
    keyword: "format",
  },
  {
    name: "unknown query parameter limit",
    result: () => inquire({ limit: 10 }),
    path: "/query/limit",
    keyword: "additionalProperties",
  },
];

const tokenCases: BadCase[] = [
  {
    name: "missing grant_type",
    result: () => token(without(passwordGrant, "grant_type")),
    path: "/grant_type",
    keyword: "required",
  },
  {
    name: 'unknown grant_type "client_credentials"',
    result: () => token({ ...passwordGrant, grant_type: "client_credentials" }),
    path: "/grant_type",
    keyword: "discriminator",
  },
  {
    name: "password grant missing password",
    result: () => token(without(passwordGrant, "password")),
    path: "/password",
    keyword: "required",
  },
  {
    name: "password grant with an empty password",
    result: () => token({ ...passwordGrant, password: "" }),
    path: "/password",
    keyword: "minLength",
  },
  {
    name: "refresh grant missing refresh_token",
    result: () => token(without(refreshGrant, "refresh_token")),
    path: "/refresh_token",
    keyword: "required",
  },
  {
    name: "unknown field scope",
    result: () => token({ ...passwordGrant, scope: "read" }),
    path: "/scope",
    keyword: "additionalProperties",
  },
  {
    name: "body null",
    result: () => token(null),
    path: "",
    keyword: "type",
    message: "The value must be an object, not null.",
  },
];

const topupResponseCases: BadCase[] = [
  ...(["reason", "status", "automatic", "username", "to_attach_proof"] as const).map(
    (field): BadCase => ({
      name: `TopupRequest missing ${field}`,
      result: () => validateResponseBody("CreateTopupRequest", 201, without(topupRequest, field)),
      path: `/${field}`,
      keyword: "required",
      message: `${field} is required.`,
    }),
  ),
  {
    name: "amount as a JSON number",
    result: () => created({ amount: 1000 }),
    path: "/amount",
    keyword: "type",
    message: "amount must be a string.",
  },
  {
    name: 'amount "1000.001" (three decimals)',
    result: () => created({ amount: "1000.001" }),
    path: "/amount",
    keyword: "pattern",
    message: "amount must be a decimal string such as 1000.00.",
  },
  { name: 'amount "1e3"', result: () => created({ amount: "1e3" }), path: "/amount", keyword: "pattern" },
  { name: 'amount "-5.00"', result: () => created({ amount: "-5.00" }), path: "/amount", keyword: "pattern" },
  { name: 'id "123" (a string)', result: () => created({ id: "123" }), path: "/id", keyword: "type" },
  { name: "status as a number", result: () => created({ status: 3 }), path: "/status", keyword: "type" },
  {
    name: 'transfer_type "FROM_BANK_TRANSFER"',
    result: () => created({ transfer_type: "FROM_BANK_TRANSFER" }),
    path: "/transfer_type",
    keyword: "enum",
  },
  {
    name: "automatic null",
    result: () => created({ automatic: null }),
    path: "/automatic",
    keyword: "type",
    message: "automatic must be true or false, not null.",
  },
  {
    name: 'from_date "2024-02-30"',
    result: () => created({ from_date: "2024-02-30" }),
    path: "/from_date",
    keyword: "format",
  },
  { name: "username as a number", result: () => created({ username: 5 }), path: "/username", keyword: "type" },
  {
    name: 'optional currency "EGP"',
    result: () => created({ currency: "EGP" }),
    path: "/currency",
    keyword: "enum",
  },
  {
    name: 'optional created_at "yesterday"',
    result: () => created({ created_at: "yesterday" }),
    path: "/created_at",
    keyword: "format",
  },
  // 400 envelope
  {
    name: "400 with status_code 400 as a number",
    result: () => validateResponseBody("CreateTopupRequest", 400, { ...fieldErrors, status_code: 400 }),
    path: "/status_code",
    keyword: "type",
    message: "status_code must be a string.",
  },
  {
    name: "400 with status_description a list",
    result: () =>
      validateResponseBody("CreateTopupRequest", 400, {
        ...fieldErrors,
        status_description: ["This field is required"],
      }),
    path: "/status_description",
    keyword: "oneOf",
    message: "status_description does not match any of its allowed forms.",
  },
  {
    name: "400 with a field mapped to a string, not a list",
    result: () =>
      validateResponseBody("CreateTopupRequest", 400, {
        ...fieldErrors,
        status_description: { from_bank: "This field is required" },
      }),
    path: "/status_description",
    keyword: "oneOf",
  },
  {
    name: "400 with status_description a number",
    result: () => validateResponseBody("InquireTopupRequests", 400, { ...fieldErrors, status_description: 400 }),
    path: "/status_description",
    keyword: "oneOf",
  },
  {
    name: "400 missing status_description",
    result: () => validateResponseBody("CreateTopupRequest", 400, without(fieldErrors, "status_description")),
    path: "/status_description",
    keyword: "required",
  },
  {
    name: '400 with disbursement_status "success"',
    result: () => validateResponseBody("CreateTopupRequest", 400, { ...fieldErrors, disbursement_status: "success" }),
    path: "/disbursement_status",
    keyword: "const",
    message: 'disbursement_status must be "failed".',
  },
  // 401 envelope
  {
    name: "401 with neither detail nor status_description",
    result: () => validateResponseBody("CreateTopupRequest", 401, without(unauthorized, "detail")),
    path: "",
    keyword: "anyOf",
    message: "The value does not match any of its allowed forms.",
  },
  {
    name: "401 with status_code 401 as a number",
    result: () => validateResponseBody("InquireTopupRequests", 401, { ...unauthorized, status_code: 401 }),
    path: "/status_code",
    keyword: "type",
  },
  {
    name: "401 with detail as a number",
    result: () => validateResponseBody("CreateTopupRequest", 401, { ...unauthorized, detail: 401 }),
    path: "/detail",
    keyword: "type",
  },
  {
    name: '401 with status_code "400"',
    result: () => validateResponseBody("CreateTopupRequest", 401, { ...unauthorized, status_code: "400" }),
    path: "/status_code",
    keyword: "const",
  },
  // inquiry page
  {
    name: "page count -1",
    result: () => validateResponseBody("InquireTopupRequests", 200, { ...inquiryPage, count: -1 }),
    path: "/count",
    keyword: "minimum",
  },
  {
    name: "page next a relative URL",
    result: () => validateResponseBody("InquireTopupRequests", 200, { ...inquiryPage, next: "/topup/inquire/?page=2" }),
    path: "/next",
    keyword: "format",
    message: "next must be an absolute URI.",
  },
  {
    name: "page without results",
    result: () => validateResponseBody("InquireTopupRequests", 200, without(inquiryPage, "results")),
    path: "/results",
    keyword: "required",
  },
  {
    name: "page item with a numeric amount",
    result: () =>
      validateResponseBody("InquireTopupRequests", 200, {
        ...inquiryPage,
        results: { status: "success", topup_requests: [topupRequest, { ...acceptRequest, amount: 500 }] },
      }),
    path: "/results/topup_requests/1/amount",
    keyword: "type",
    message: "results.topup_requests[1].amount must be a string.",
  },
  // token endpoint responses
  {
    name: 'token_type "bearer" (wrong case)',
    result: () => validateResponseBody("ObtainToken", 200, { ...tokenResponse, token_type: "bearer" }),
    path: "/token_type",
    keyword: "const",
  },
  {
    name: "expires_in 0",
    result: () => validateResponseBody("ObtainToken", 200, { ...tokenResponse, expires_in: 0 }),
    path: "/expires_in",
    keyword: "minimum",
  },
  {
    name: 'expires_in "3600"',
    result: () => validateResponseBody("ObtainToken", 200, { ...tokenResponse, expires_in: "3600" }),
    path: "/expires_in",
    keyword: "type",
  },
  {
    name: "token response without refresh_token",
    result: () => validateResponseBody("ObtainToken", 200, without(tokenResponse, "refresh_token")),
    path: "/refresh_token",
    keyword: "required",
  },
  {
    name: "OAuth error as a number",
    result: () => validateResponseBody("ObtainToken", 400, { error: 400 }),
    path: "/error",
    keyword: "type",
  },
  {
    name: "an undocumented status (418)",
    result: () => validateResponseBody("CreateTopupRequest", 418, fieldErrors),
    path: "",
    keyword: "status",
    message: "HTTP 418 is not a documented response of CreateTopupRequest.",
  },
  {
    name: "an undocumented 2xx (202) whose body is not a TopupRequest",
    result: () => validateResponseBody("CreateTopupRequest", 202, fieldErrors),
    path: "/id",
    keyword: "required",
  },
];

const corpus: Record<string, BadCase[]> = {
  "CreateTopupRequest, bank-transfer branch": bankCases,
  "CreateTopupRequest, Accept-balance branch": acceptCases,
  "CreateTopupRequest, whole body": createBodyCases,
  "InquireTopupRequests parameters": inquiryParamCases,
  "ObtainToken body": tokenCases,
  "response bodies": topupResponseCases,
};

describe("the proof rule the corpus reads", () => {
  // Note: the corpus takes the limit and the types from the operation table, so it follows the spec; this pins
  // them, and the sentence, to what the spec and the README say.
  it("is the spec's x-max-bytes and content types, and its sentence says the limit in bytes and MB", () => {
    expect(PROOF_RULE).toEqual({ maxBytes: 2_936_012, contentTypes: ["application/pdf", "image/jpeg", "image/png"] });
    const result = bankWith({ to_attach_proof: pdf(2_936_013) });
    expect(result.valid ? [] : result.errors.map((issue) => issue.message)).toEqual([
      "to_attach_proof must be at most 2,936,012 bytes (2.8 MB); this file has 2,936,013 bytes.",
    ]);
  });
});

describe("the bad-input corpus: each case is rejected with the error at the expected path", () => {
  it("has at least 60 cases", () => {
    expect(Object.values(corpus).flat().length).toBeGreaterThanOrEqual(60);
  });

  for (const [group, cases] of Object.entries(corpus)) {
    describe(group, () => {
      it.each(cases)("$name → $path ($keyword)", ({ result, path, keyword, message }) => {
        expectIssue(result(), path, keyword, message);
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Positive cases
// ---------------------------------------------------------------------------------------------------------------

describe("valid input passes", () => {
  it.each([
    ["a bank transfer", bank],
    ["an Accept-balance transfer", accept],
    ["a proof of exactly the limit", { ...bank, to_attach_proof: pdf(MAX_PROOF_BYTES) }],
    ["a JPEG File", { ...bank, to_attach_proof: new File(["\xff\xd8"], "slip.jpg", { type: "image/jpeg" }) }],
    ["a PNG Blob", { ...bank, to_attach_proof: pdf(8, "image/png") }],
    ["a leap day", { ...bank, from_date: "2024-02-29" }],
    ["American dollars, amount 1", { ...accept, amount: 1, currency: "american_dollar" }],
  ] as const)("CreateTopupRequest: %s", (_name, body) => {
    expect(create(body)).toEqual({ valid: true });
  });

  it("InquireTopupRequests parameters at their bounds, and none at all", () => {
    expect(inquire({ page: 1, page_size: 1 })).toEqual({ valid: true });
    expect(
      inquire({ page: 7, page_size: 100, status: "rejected", from_date: "2024-01-01", to_date: "2024-12-31" }),
    ).toEqual({ valid: true });
    expect(validateRequestParams("InquireTopupRequests")).toEqual({ valid: true });
  });

  it("ObtainToken: both grants", () => {
    expect(token(passwordGrant)).toEqual({ valid: true });
    expect(token(refreshGrant)).toEqual({ valid: true });
  });

  it("CreateTopupRequest 201 for both transfer types, including the extra fields seen in practice", () => {
    expect(validateResponseBody("CreateTopupRequest", 201, topupRequest)).toEqual({ valid: true });
    expect(validateResponseBody("CreateTopupRequest", "201", acceptRequest)).toEqual({ valid: true });
    expect(
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
    ).toEqual({ valid: true });
  });

  it("InquireTopupRequests 200: a page, the last page and an empty page", () => {
    expect(validateResponseBody("InquireTopupRequests", 200, inquiryPage)).toEqual({ valid: true });
    expect(
      validateResponseBody("InquireTopupRequests", 200, {
        ...inquiryPage,
        next: null,
        previous: "https://payouts.paymobsolutions.com/api/secure/topup/inquire/?page=1",
        extra: true,
        results: {
          status: "success",
          topup_requests: [{ ...topupRequest, status: "rejected", reason: "No transfer" }],
        },
      }),
    ).toEqual({ valid: true });
    expect(
      validateResponseBody("InquireTopupRequests", 200, {
        count: 0,
        next: null,
        previous: null,
        results: { status: "success", topup_requests: [] },
      }),
    ).toEqual({ valid: true });
  });

  it("error envelopes in every documented shape", () => {
    expect(validateResponseBody("CreateTopupRequest", 400, fieldErrors)).toEqual({ valid: true });
    expect(
      validateResponseBody("InquireTopupRequests", 400, { ...fieldErrors, status_description: "Invalid status" }),
    ).toEqual({ valid: true });
    expect(validateResponseBody("CreateTopupRequest", 401, unauthorized)).toEqual({ valid: true });
    expect(
      validateResponseBody("CreateTopupRequest", 401, {
        ...without(unauthorized, "detail"),
        status_description: "Authentication credentials were not provided.",
        extra: 1,
      }),
    ).toEqual({ valid: true });
    expect(validateResponseBody("ObtainToken", 400, { error: "invalid_grant", error_description: "x" })).toEqual({
      valid: true,
    });
    expect(validateResponseBody("ObtainToken", 401, { error: "invalid_client", extra: true })).toEqual({ valid: true });
    expect(validateResponseBody("ObtainToken", 200, { ...tokenResponse, id_token: "x" })).toEqual({ valid: true });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Guards and assertions
// ---------------------------------------------------------------------------------------------------------------

describe("tolerant responses: what a provider may vary is read, not refused", () => {
  it.each([
    ['a status the spec does not list ("cancelled")', created({ status: "cancelled" })],
    [
      "a recorded request answered 200 (documented beside 201)",
      validateResponseBody("CreateTopupRequest", 200, topupRequest),
    ],
    [
      "a recorded request answered 202 (an undocumented success)",
      validateResponseBody("CreateTopupRequest", 202, topupRequest),
    ],
    [
      'an OAuth error code the spec does not list ("slow_down")',
      validateResponseBody("ObtainToken", 400, { error: "slow_down" }),
    ],
    ["a 503 from a gateway (5XX)", validateResponseBody("CreateTopupRequest", 503, { detail: "Service unavailable." })],
    [
      "a 429 with DRF's throttling body",
      validateResponseBody("InquireTopupRequests", 429, { detail: "Request was throttled." }),
    ],
  ] as const)("%s", (_name, result) => {
    expect(result).toEqual({ valid: true });
  });

  it("requests stay strict: the inquiry's status filter refuses a value the spec does not list", () => {
    const result = validateRequestParams("InquireTopupRequests", { query: { status: "cancelled" } });
    expect(result.valid).toBe(false);
  });
});

describe("isX / assertX", () => {
  it("the form guards pick the right branch", () => {
    expect(isTopupRequestForm(bank)).toBe(true);
    expect(isTopupRequestForm(accept)).toBe(true);
    expect(isBankTransferTopupForm(bank)).toBe(true);
    expect(isBankTransferTopupForm(accept)).toBe(false);
    expect(isAcceptBalanceTopupForm(accept)).toBe(true);
    expect(isAcceptBalanceTopupForm({ ...accept, from_bank: "CIB" })).toBe(false);
    expect(isTopupRequestForm({ ...accept, type: "cash" })).toBe(false);
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
});

// ---------------------------------------------------------------------------------------------------------------
// Regressions: bugs this corpus found, fixed in the spec (type: object, a grant_type discriminator), the generator
// (strictNumbers) and the runtime (branch errors of $ref'd oneOf branches are folded into one sentence)
// ---------------------------------------------------------------------------------------------------------------

describe("fixed validator bugs", () => {
  // TopupRequestForm is `oneOf` + `discriminator` with no `type: object`. Ajv's discriminator code only runs when
  // the data is an object, so a body that is not an object passes every check: the validator and
  // isTopupRequestForm accept null, arrays, strings, numbers and booleans.
  for (const body of [null, [], "amount=1000", 1000, true]) {
    it(`CreateTopupRequest rejects a body that is not an object: ${JSON.stringify(body)}`, () => {
      expectIssue(create(body), "", "type");
    });
  }
  // The generator compiles Ajv without `strictNumbers`, so `type: integer` is checked as "a number with no
  // fraction": Infinity passes (Infinity % 1 is NaN, and !NaN is true) and would go out as the string "Infinity".
  it("CreateTopupRequest rejects amount Infinity (not an integer)", () => {
    expectIssue(acceptWith({ amount: Number.POSITIVE_INFINITY }), "/amount", "type");
  });
  it("InquireTopupRequests rejects page Infinity (not an integer)", () => {
    expectIssue(inquire({ page: Number.POSITIVE_INFINITY }), "/query/page", "type");
  });
  it("isTopupRequestForm refuses null", () => {
    expect(isTopupRequestForm(null)).toBe(false);
  });

  // TokenRequest is a `oneOf` of two $ref'd branches. describeErrors drops branch errors by matching the oneOf's
  // schemaPath prefix, but errors from a $ref'd branch carry the branch's own schemaPath ("#/required"), so the
  // other branch's complaints leak out: a password grant is told that username and password are unknown fields and
  // that grant_type must be "refresh_token".
  it("ObtainToken: a password grant without a password is not told to remove username", () => {
    const result = token(without(passwordGrant, "password"));
    expect(result.valid).toBe(false);
    const issues = result.valid ? [] : result.errors;
    expect(issues).not.toContainEqual(expect.objectContaining({ path: "/username", keyword: "additionalProperties" }));
    expect(issues).not.toContainEqual(
      expect.objectContaining({ path: "/grant_type", message: 'grant_type must be "refresh_token".' }),
    );
  });
});
