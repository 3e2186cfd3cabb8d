import { ValidationError, type ValidationResult } from "@contracts/runtime";
import { describe, expect, it } from "vitest";
import type {
  Account,
  AccountsResponse,
  ErrorResponse,
  Operation,
  OperationResponse,
  WithdrawalPreviewRequest,
  WithdrawalRequest,
} from "../src/index.js";
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

// ---------------------------------------------------------------------------------------------------------------
// Valid fixtures (every one is checked to pass below, so a broken fixture cannot make a bad-input case pass).
// ---------------------------------------------------------------------------------------------------------------

const SEED_UUID = "1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p"; // the provider's sample id: letters past f

const withdrawal: WithdrawalRequest = {
  account_id: "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d",
  amount: "100.00",
  category_code: "mobile",
  currency_code: "RUB",
  destination: "+79999999999",
  operator_code: "beeline",
  region_code: "RU",
};

const preview: WithdrawalPreviewRequest = {
  amount: "100.00",
  category_code: "mobile",
  currency_code: "RUB",
  operator_code: "beeline",
  region_code: "RU",
};

const account: Account = {
  balance: "100.00",
  created_at: "2022-02-24T00:00:00Z",
  currency_code: "USD",
  held_balance: "15.95",
  id: "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d",
  name: "My Personal Account",
  owner_id: "9b2d7e14-3a6c-4f58-b1e9-0c4d2a7f6e31",
  status: "active",
  type: "personal",
};

const settlement: Account = {
  balance: "250000.00",
  created_at: "2021-06-01T09:30:00Z",
  currency_code: "RUB",
  held_balance: "0",
  id: "6a1e4c8f-2b9d-4e37-a5f0-8c3b1d9e7a24",
  name: "Beeline settlement",
  status: "active",
  type: "business",
};

const operation: Operation = {
  amount: "100.00",
  breakdown: [{ amount: "1.27", currency_code: "USD", kind: "exchange" }],
  category_code: "mobile",
  created_at: "2022-02-24T00:00:00Z",
  currency_code: "RUB",
  destination: "+79999999999",
  from_account: account,
  from_account_id: account.id,
  id: "0e8f5b6a-7c4d-4a19-8e2b-3f1a6c9d5e70",
  operator_code: "beeline",
  receiver_label: "",
  sender_label: "John Doe",
  status: "pending",
  to_account: settlement,
  to_account_id: settlement.id,
  type: "withdrawal",
};

const accountsOk: AccountsResponse = {
  data: { accounts: [account, settlement], pages: 1 },
  status: "success",
  status_code: 200,
};

const operationOk: OperationResponse = { data: operation, status: "success", status_code: 200 };

const badRequest: ErrorResponse = {
  status: "error",
  status_code: 400,
  code: "bad_request",
  message: "The request is malformed.",
  details: [{ field: "page_size", message: "Must be an integer between 1 and 100." }],
};

// ---------------------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function without<T extends object>(value: T, key: keyof T & string): Obj {
  const copy: Obj = { ...(value as Obj) };
  delete copy[key];
  return copy;
}

const initBody = (patch: Obj) => validateRequestBody("InitWithdrawal", { ...withdrawal, ...patch });
const previewBody = (patch: Obj) => validateRequestBody("PreviewWithdrawal", { ...preview, ...patch });
const accountsQuery = (query: Obj) => validateRequestParams("GetAccounts", { query });
const operationPath = (path: Obj) => validateRequestParams("GetOperation", { path });
/** A GetAccounts 200 whose first account is patched. */
const accountsWith = (patch: Obj) =>
  validateResponseBody("GetAccounts", 200, { ...accountsOk, data: { accounts: [{ ...account, ...patch }], pages: 1 } });
const accountsEnvelope = (patch: Obj) => validateResponseBody("GetAccounts", 200, { ...accountsOk, ...patch });
const accountsPage = (patch: Obj) =>
  validateResponseBody("GetAccounts", 200, { ...accountsOk, data: { ...accountsOk.data, ...patch } });
/** A GetOperation 200 whose operation is patched. */
const operationWith = (patch: Obj) =>
  validateResponseBody("GetOperation", 200, { ...operationOk, data: { ...operation, ...patch } });
const errorBody = (status: number, patch: Obj, operationId: "GetAccounts" | "InitWithdrawal" = "GetAccounts") =>
  validateResponseBody(operationId, status, { ...badRequest, status_code: status, ...patch });

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

const POSITIVE_DECIMAL_MESSAGE = "decimal string such as 100.00";

// ---------------------------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------------------------

const withdrawalCases: BadCase[] = [
  // account_id
  { name: "account_id as a number", result: () => initBody({ account_id: 123 }), path: "/account_id", keyword: "type" },
  {
    name: "account_id is the seed's non-UUID",
    result: () => initBody({ account_id: SEED_UUID }),
    path: "/account_id",
    keyword: "format",
    message: "account_id must be a UUID such as",
  },
  { name: "account_id empty", result: () => initBody({ account_id: "" }), path: "/account_id", keyword: "format" },
  {
    name: "account_id one digit short",
    result: () => initBody({ account_id: "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0" }),
    path: "/account_id",
    keyword: "format",
  },
  {
    name: "account_id without dashes",
    result: () => initBody({ account_id: "3f0c9a528d1e4b7a9c215e6f7a8b9c0d" }),
    path: "/account_id",
    keyword: "format",
  },
  {
    name: "account_id null",
    result: () => initBody({ account_id: null }),
    path: "/account_id",
    keyword: "type",
    message: "account_id must be a string, not null.",
  },
  // amount: type and every decimal pattern violation
  {
    name: "amount as a JSON number",
    result: () => initBody({ amount: 100 }),
    path: "/amount",
    keyword: "type",
    message: "amount must be a string.",
  },
  {
    name: 'amount "1e5" (exponent)',
    result: () => initBody({ amount: "1e5" }),
    path: "/amount",
    keyword: "pattern",
    message: POSITIVE_DECIMAL_MESSAGE,
  },
  { name: 'amount "-1.00" (sign)', result: () => initBody({ amount: "-1.00" }), path: "/amount", keyword: "pattern" },
  { name: 'amount "+1.00" (sign)', result: () => initBody({ amount: "+1.00" }), path: "/amount", keyword: "pattern" },
  {
    name: 'amount "01.00" (leading zero)',
    result: () => initBody({ amount: "01.00" }),
    path: "/amount",
    keyword: "pattern",
  },
  { name: 'amount "0" (zero)', result: () => initBody({ amount: "0" }), path: "/amount", keyword: "pattern" },
  { name: 'amount "0.00" (zero)', result: () => initBody({ amount: "0.00" }), path: "/amount", keyword: "pattern" },
  {
    name: 'amount "0.00000000" (zero, 8 places)',
    result: () => initBody({ amount: "0.00000000" }),
    path: "/amount",
    keyword: "pattern",
  },
  {
    name: 'amount "1.123456789" (9 fraction digits)',
    result: () => initBody({ amount: "1.123456789" }),
    path: "/amount",
    keyword: "pattern",
  },
  { name: 'amount "" (empty)', result: () => initBody({ amount: "" }), path: "/amount", keyword: "pattern" },
  {
    name: 'amount " 100" (leading space)',
    result: () => initBody({ amount: " 100" }),
    path: "/amount",
    keyword: "pattern",
  },
  {
    name: 'amount "100 " (trailing space)',
    result: () => initBody({ amount: "100 " }),
    path: "/amount",
    keyword: "pattern",
  },
  {
    name: 'amount "1." (empty fraction)',
    result: () => initBody({ amount: "1." }),
    path: "/amount",
    keyword: "pattern",
  },
  {
    name: 'amount ".5" (no integer part)',
    result: () => initBody({ amount: ".5" }),
    path: "/amount",
    keyword: "pattern",
  },
  { name: 'amount "1,00" (comma)', result: () => initBody({ amount: "1,00" }), path: "/amount", keyword: "pattern" },
  {
    name: "amount with 19 integer digits",
    result: () => initBody({ amount: "1234567890123456789" }),
    path: "/amount",
    keyword: "pattern",
  },
  { name: "amount null", result: () => initBody({ amount: null }), path: "/amount", keyword: "type" },
  // category_code
  {
    name: 'category_code "MOBILE" (wrong case)',
    result: () => initBody({ category_code: "MOBILE" }),
    path: "/category_code",
    keyword: "enum",
    message: "category_code must be one of: mobile, crypto, game.",
  },
  {
    name: 'category_code "sms" (unknown)',
    result: () => initBody({ category_code: "sms" }),
    path: "/category_code",
    keyword: "enum",
  },
  {
    name: "category_code as a number",
    result: () => initBody({ category_code: 1 }),
    path: "/category_code",
    keyword: "type",
  },
  // currency_code
  {
    name: 'currency_code "rub" (wrong case)',
    result: () => initBody({ currency_code: "rub" }),
    path: "/currency_code",
    keyword: "enum",
    message: "currency_code must be one of: RUB, USD.",
  },
  {
    name: 'currency_code "EUR" (not offered)',
    result: () => initBody({ currency_code: "EUR" }),
    path: "/currency_code",
    keyword: "enum",
  },
  {
    name: 'currency_code "USDT" (an account currency, not a withdrawal one)',
    result: () => initBody({ currency_code: "USDT" }),
    path: "/currency_code",
    keyword: "enum",
  },
  {
    name: "currency_code null",
    result: () => initBody({ currency_code: null }),
    path: "/currency_code",
    keyword: "type",
  },
  // destination
  {
    name: "destination empty",
    result: () => initBody({ destination: "" }),
    path: "/destination",
    keyword: "minLength",
    message: "destination must not be empty.",
  },
  {
    name: "destination of 65 characters",
    result: () => initBody({ destination: "7".repeat(65) }),
    path: "/destination",
    keyword: "maxLength",
    message: "destination must be at most 64 characters long.",
  },
  {
    name: "destination as a number",
    result: () => initBody({ destination: 79999999999 }),
    path: "/destination",
    keyword: "type",
  },
  // operator_code
  {
    name: 'operator_code "Beeline" (upper case)',
    result: () => initBody({ operator_code: "Beeline" }),
    path: "/operator_code",
    keyword: "pattern",
    message: "lower-case operator code",
  },
  {
    name: 'operator_code "bee-line" (dash)',
    result: () => initBody({ operator_code: "bee-line" }),
    path: "/operator_code",
    keyword: "pattern",
  },
  {
    name: "operator_code of 33 characters",
    result: () => initBody({ operator_code: "a".repeat(33) }),
    path: "/operator_code",
    keyword: "pattern",
  },
  {
    name: "operator_code empty",
    result: () => initBody({ operator_code: "" }),
    path: "/operator_code",
    keyword: "pattern",
  },
  // region_code
  {
    name: 'region_code "ru" (wrong case)',
    result: () => initBody({ region_code: "ru" }),
    path: "/region_code",
    keyword: "enum",
    message: "region_code must be one of: RU.",
  },
  { name: 'region_code "KZ"', result: () => initBody({ region_code: "KZ" }), path: "/region_code", keyword: "enum" },
  // every required field
  ...(Object.keys(withdrawal) as (keyof WithdrawalRequest & string)[]).map(
    (field): BadCase => ({
      name: `missing ${field}`,
      result: () => validateRequestBody("InitWithdrawal", without(withdrawal, field)),
      path: `/${field}`,
      keyword: "required",
      message: `${field} is required.`,
    }),
  ),
  // closed request
  {
    name: "unknown field comment",
    result: () => initBody({ comment: "hi" }),
    path: "/comment",
    keyword: "additionalProperties",
    message: "comment is not a known field; remove it.",
  },
  {
    name: "camelCase typo accountId",
    result: () => initBody({ accountId: withdrawal.account_id }),
    path: "/accountId",
    keyword: "additionalProperties",
  },
  // whole body
  {
    name: "body null",
    result: () => validateRequestBody("InitWithdrawal", null),
    path: "",
    keyword: "type",
    message: "The value must be an object, not null.",
  },
  {
    name: "body an array",
    result: () => validateRequestBody("InitWithdrawal", [withdrawal]),
    path: "",
    keyword: "type",
  },
  {
    name: "body missing",
    result: () => validateRequestBody("InitWithdrawal", undefined),
    path: "",
    keyword: "required",
    message: "The request body is required.",
  },
];

const previewCases: BadCase[] = [
  { name: 'amount "0"', result: () => previewBody({ amount: "0" }), path: "/amount", keyword: "pattern" },
  { name: "amount as a number", result: () => previewBody({ amount: 100 }), path: "/amount", keyword: "type" },
  { name: 'amount "1e5"', result: () => previewBody({ amount: "1e5" }), path: "/amount", keyword: "pattern" },
  {
    name: 'amount "-1.00"',
    result: () => previewBody({ amount: "-1.00" }),
    path: "/amount",
    keyword: "pattern",
    message: POSITIVE_DECIMAL_MESSAGE,
  },
  {
    name: 'category_code "Game" (wrong case)',
    result: () => previewBody({ category_code: "Game" }),
    path: "/category_code",
    keyword: "enum",
  },
  {
    name: 'currency_code "usd" (wrong case)',
    result: () => previewBody({ currency_code: "usd" }),
    path: "/currency_code",
    keyword: "enum",
  },
  {
    name: 'operator_code "MTS" (upper case)',
    result: () => previewBody({ operator_code: "MTS" }),
    path: "/operator_code",
    keyword: "pattern",
  },
  {
    name: 'region_code "RU " (trailing space)',
    result: () => previewBody({ region_code: "RU " }),
    path: "/region_code",
    keyword: "enum",
  },
  { name: "region_code null", result: () => previewBody({ region_code: null }), path: "/region_code", keyword: "type" },
  ...(Object.keys(preview) as (keyof WithdrawalPreviewRequest & string)[]).map(
    (field): BadCase => ({
      name: `missing ${field}`,
      result: () => validateRequestBody("PreviewWithdrawal", without(preview, field)),
      path: `/${field}`,
      keyword: "required",
    }),
  ),
  {
    name: "destination (an InitWithdrawal field) is unknown here",
    result: () => previewBody({ destination: "+79999999999" }),
    path: "/destination",
    keyword: "additionalProperties",
  },
  {
    name: "account_id (an InitWithdrawal field) is unknown here",
    result: () => previewBody({ account_id: withdrawal.account_id }),
    path: "/account_id",
    keyword: "additionalProperties",
  },
];

const paramCases: BadCase[] = [
  {
    name: "GetAccounts page 0",
    result: () => accountsQuery({ page: 0 }),
    path: "/query/page",
    keyword: "minimum",
    message: "page must be at least 1.",
  },
  { name: "GetAccounts page -1", result: () => accountsQuery({ page: -1 }), path: "/query/page", keyword: "minimum" },
  { name: "GetAccounts page 1.5", result: () => accountsQuery({ page: 1.5 }), path: "/query/page", keyword: "type" },
  {
    name: 'GetAccounts page "1" (a string)',
    result: () => accountsQuery({ page: "1" }),
    path: "/query/page",
    keyword: "type",
    message: "page must be an integer.",
  },
  {
    name: "GetAccounts page_size 0",
    result: () => accountsQuery({ page_size: 0 }),
    path: "/query/page_size",
    keyword: "minimum",
  },
  {
    name: "GetAccounts page_size 101",
    result: () => accountsQuery({ page_size: 101 }),
    path: "/query/page_size",
    keyword: "maximum",
    message: "page_size must be at most 100.",
  },
  {
    name: "GetAccounts page_size null",
    result: () => accountsQuery({ page_size: null }),
    path: "/query/page_size",
    keyword: "type",
  },
  {
    name: "GetAccounts unknown query parameter limit",
    result: () => accountsQuery({ limit: 10 }),
    path: "/query/limit",
    keyword: "additionalProperties",
  },
  {
    name: "GetOperation id is the seed's non-UUID",
    result: () => operationPath({ id: SEED_UUID }),
    path: "/path/id",
    keyword: "format",
    message: "id must be a UUID",
  },
  { name: 'GetOperation id "42"', result: () => operationPath({ id: "42" }), path: "/path/id", keyword: "format" },
  { name: "GetOperation id as a number", result: () => operationPath({ id: 42 }), path: "/path/id", keyword: "type" },
  {
    name: "GetOperation id missing",
    result: () => operationPath({}),
    path: "/path/id",
    keyword: "required",
    message: "id is required.",
  },
];

const accountsResponseCases: BadCase[] = [
  {
    name: "account id is the seed's non-UUID",
    result: () => accountsWith({ id: SEED_UUID }),
    path: "/data/accounts/0/id",
    keyword: "format",
    message: "data.accounts[0].id must be a UUID",
  },
  {
    name: "balance as a JSON number",
    result: () => accountsWith({ balance: 100 }),
    path: "/data/accounts/0/balance",
    keyword: "type",
  },
  {
    name: 'balance "-1.00"',
    result: () => accountsWith({ balance: "-1.00" }),
    path: "/data/accounts/0/balance",
    keyword: "pattern",
    message: "a decimal string such as 100.00 (digits, an optional fraction of up to 8 digits, no sign or exponent)",
  },
  {
    name: 'balance "01.00"',
    result: () => accountsWith({ balance: "01.00" }),
    path: "/data/accounts/0/balance",
    keyword: "pattern",
  },
  {
    name: 'held_balance "1e5"',
    result: () => accountsWith({ held_balance: "1e5" }),
    path: "/data/accounts/0/held_balance",
    keyword: "pattern",
  },
  {
    name: 'held_balance "0.123456789"',
    result: () => accountsWith({ held_balance: "0.123456789" }),
    path: "/data/accounts/0/held_balance",
    keyword: "pattern",
  },
  {
    name: 'currency_code "usd" (lower case)',
    result: () => accountsWith({ currency_code: "usd" }),
    path: "/data/accounts/0/currency_code",
    keyword: "pattern",
    message: "an upper-case currency code of 3 to 5 letters",
  },
  {
    name: 'currency_code "US" (too short)',
    result: () => accountsWith({ currency_code: "US" }),
    path: "/data/accounts/0/currency_code",
    keyword: "pattern",
  },
  {
    name: 'currency_code "USDTX1" (too long, digit)',
    result: () => accountsWith({ currency_code: "USDTX1" }),
    path: "/data/accounts/0/currency_code",
    keyword: "pattern",
  },
  {
    name: "created_at a date only",
    result: () => accountsWith({ created_at: "2022-02-24" }),
    path: "/data/accounts/0/created_at",
    keyword: "format",
    message: "must be a date-time such as 2024-01-15T10:30:00Z",
  },
  {
    name: "created_at without an offset",
    result: () => accountsWith({ created_at: "2022-02-24T00:00:00" }),
    path: "/data/accounts/0/created_at",
    keyword: "format",
  },
  {
    name: "created_at hour 25",
    result: () => accountsWith({ created_at: "2022-02-24T25:00:00Z" }),
    path: "/data/accounts/0/created_at",
    keyword: "format",
  },
  {
    name: "created_at in a local format",
    result: () => accountsWith({ created_at: "24.02.2022 00:00" }),
    path: "/data/accounts/0/created_at",
    keyword: "format",
  },
  {
    name: "status as a number (an open enum is still a string)",
    result: () => accountsWith({ status: 1 }),
    path: "/data/accounts/0/status",
    keyword: "type",
  },
  {
    name: "owner_id null (absent, never null)",
    result: () => accountsWith({ owner_id: null }),
    path: "/data/accounts/0/owner_id",
    keyword: "type",
    message: "data.accounts[0].owner_id must be a string, not null.",
  },
  {
    name: "owner_id the seed's non-UUID",
    result: () => accountsWith({ owner_id: SEED_UUID }),
    path: "/data/accounts/0/owner_id",
    keyword: "format",
  },
  { name: "name null", result: () => accountsWith({ name: null }), path: "/data/accounts/0/name", keyword: "type" },
  ...(["balance", "created_at", "currency_code", "held_balance", "id", "name", "status", "type"] as const).map(
    (field): BadCase => ({
      name: `account missing ${field}`,
      result: () =>
        validateResponseBody("GetAccounts", 200, {
          ...accountsOk,
          data: { accounts: [without(account, field)], pages: 1 },
        }),
      path: `/data/accounts/0/${field}`,
      keyword: "required",
      message: `data.accounts[0].${field} is required.`,
    }),
  ),
  {
    name: "the second account is broken",
    result: () =>
      validateResponseBody("GetAccounts", 200, {
        ...accountsOk,
        data: { accounts: [account, { ...settlement, id: SEED_UUID }], pages: 1 },
      }),
    path: "/data/accounts/1/id",
    keyword: "format",
  },
  { name: "accounts null", result: () => accountsPage({ accounts: null }), path: "/data/accounts", keyword: "type" },
  { name: "accounts an object", result: () => accountsPage({ accounts: {} }), path: "/data/accounts", keyword: "type" },
  { name: "pages -1", result: () => accountsPage({ pages: -1 }), path: "/data/pages", keyword: "minimum" },
  { name: 'pages "1"', result: () => accountsPage({ pages: "1" }), path: "/data/pages", keyword: "type" },
  { name: "pages missing", result: () => accountsPage({ pages: undefined }), path: "/data/pages", keyword: "required" },
  {
    name: 'status "ok"',
    result: () => accountsEnvelope({ status: "ok" }),
    path: "/status",
    keyword: "const",
    message: 'status must be "success".',
  },
  {
    name: "status_code 201",
    result: () => accountsEnvelope({ status_code: 201 }),
    path: "/status_code",
    keyword: "const",
  },
  {
    name: 'status_code "200"',
    result: () => accountsEnvelope({ status_code: "200" }),
    path: "/status_code",
    keyword: "const",
  },
  {
    name: "data missing",
    result: () => validateResponseBody("GetAccounts", 200, without(accountsOk, "data")),
    path: "/data",
    keyword: "required",
  },
  { name: "data null", result: () => accountsEnvelope({ data: null }), path: "/data", keyword: "type" },
];

const operationResponseCases: BadCase[] = [
  {
    name: "from_account null (never null)",
    result: () => operationWith({ from_account: null }),
    path: "/data/from_account",
    keyword: "type",
    message: "data.from_account must be an object, not null.",
  },
  {
    name: "to_account missing",
    result: () => validateResponseBody("GetOperation", 200, { ...operationOk, data: without(operation, "to_account") }),
    path: "/data/to_account",
    keyword: "required",
  },
  {
    name: "from_account.balance with a leading zero",
    result: () => operationWith({ from_account: { ...account, balance: "01" } }),
    path: "/data/from_account/balance",
    keyword: "pattern",
  },
  { name: "amount as a number", result: () => operationWith({ amount: 100 }), path: "/data/amount", keyword: "type" },
  { name: 'amount "1e2"', result: () => operationWith({ amount: "1e2" }), path: "/data/amount", keyword: "pattern" },
  {
    name: 'currency_code "USDT" (operations use CurrencyCode)',
    result: () => operationWith({ currency_code: "USDT" }),
    path: "/data/currency_code",
    keyword: "enum",
  },
  {
    name: 'category_code "Mobile"',
    result: () => operationWith({ category_code: "Mobile" }),
    path: "/data/category_code",
    keyword: "enum",
  },
  {
    name: "destination empty",
    result: () => operationWith({ destination: "" }),
    path: "/data/destination",
    keyword: "minLength",
  },
  {
    name: 'operator_code "Beeline"',
    result: () => operationWith({ operator_code: "Beeline" }),
    path: "/data/operator_code",
    keyword: "pattern",
  },
  {
    name: 'breakdown currency_code "usd"',
    result: () => operationWith({ breakdown: [{ amount: "1.27", currency_code: "usd", kind: "exchange" }] }),
    path: "/data/breakdown/0/currency_code",
    keyword: "pattern",
  },
  {
    name: "breakdown item missing amount",
    result: () => operationWith({ breakdown: [{ currency_code: "USD", kind: "exchange" }] }),
    path: "/data/breakdown/0/amount",
    keyword: "required",
  },
  {
    name: "breakdown null",
    result: () => operationWith({ breakdown: null }),
    path: "/data/breakdown",
    keyword: "type",
  },
  {
    name: "id the seed's non-UUID",
    result: () => operationWith({ id: SEED_UUID }),
    path: "/data/id",
    keyword: "format",
  },
  {
    name: "from_account_id not a UUID",
    result: () => operationWith({ from_account_id: "acc-1" }),
    path: "/data/from_account_id",
    keyword: "format",
  },
  {
    name: "created_at a Unix timestamp",
    result: () => operationWith({ created_at: 1645660800 }),
    path: "/data/created_at",
    keyword: "type",
  },
  {
    name: "sender_label null (may be empty, not null)",
    result: () => operationWith({ sender_label: null }),
    path: "/data/sender_label",
    keyword: "type",
  },
  {
    name: "receiver_label missing",
    result: () =>
      validateResponseBody("GetOperation", 200, { ...operationOk, data: without(operation, "receiver_label") }),
    path: "/data/receiver_label",
    keyword: "required",
  },
];

const errorEnvelopeCases: BadCase[] = [
  { name: "code as a number", result: () => errorBody(400, { code: 400 }), path: "/code", keyword: "type" },
  { name: 'status "failure"', result: () => errorBody(400, { status: "failure" }), path: "/status", keyword: "const" },
  {
    name: 'status_code "400" (a string)',
    result: () => errorBody(400, { status_code: "400" }),
    path: "/status_code",
    keyword: "type",
  },
  {
    name: "status_code 399",
    result: () => errorBody(400, { status_code: 399 }),
    path: "/status_code",
    keyword: "minimum",
    message: "status_code must be at least 400.",
  },
  {
    name: "status_code 600 on a 422",
    result: () => errorBody(422, { status_code: 600, code: "insufficient_funds" }, "InitWithdrawal"),
    path: "/status_code",
    keyword: "maximum",
  },
  {
    name: "message missing on a 401",
    result: () => validateResponseBody("GetAccounts", 401, without({ ...badRequest, status_code: 401 }, "message")),
    path: "/message",
    keyword: "required",
  },
  { name: "message as a number", result: () => errorBody(400, { message: 42 }), path: "/message", keyword: "type" },
  {
    name: "details item missing field",
    result: () => errorBody(400, { details: [{ message: "x" }] }),
    path: "/details/0/field",
    keyword: "required",
    message: "details[0].field is required.",
  },
  {
    name: "details an object, not a list",
    result: () => errorBody(400, { details: { field: "amount", message: "x" } }),
    path: "/details",
    keyword: "type",
  },
  {
    name: "details null",
    result: () => errorBody(422, { details: null, code: "validation_failed" }, "InitWithdrawal"),
    path: "/details",
    keyword: "type",
  },
  {
    name: "an undocumented status (418)",
    result: () => validateResponseBody("GetAccounts", 418, badRequest),
    path: "",
    keyword: "status",
    message: "HTTP 418 is not a documented response of GetAccounts.",
  },
];

const corpus: Record<string, BadCase[]> = {
  "InitWithdrawal body (WithdrawalRequest)": withdrawalCases,
  "PreviewWithdrawal body (WithdrawalPreviewRequest)": previewCases,
  "GetAccounts / GetOperation parameters": paramCases,
  "GetAccounts 200 (AccountsResponse)": accountsResponseCases,
  "GetOperation 200 (OperationResponse)": operationResponseCases,
  "error envelopes (ErrorResponse)": errorEnvelopeCases,
};

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
    ["InitWithdrawal", withdrawal],
    ["InitWithdrawal with a 64-character destination", { ...withdrawal, destination: "d".repeat(64) }],
    ["InitWithdrawal with the smallest positive amount", { ...withdrawal, amount: "0.00000001" }],
    ["InitWithdrawal with the largest amount", { ...withdrawal, amount: "999999999999999999.99999999" }],
    ["InitWithdrawal with an integer amount", { ...withdrawal, amount: "5" }],
    [
      "InitWithdrawal with a 32-character operator code",
      { ...withdrawal, operator_code: "a_1".repeat(10).concat("zz") },
    ],
  ] as const)("%s", (_name, body) => {
    expect(validateRequestBody("InitWithdrawal", body)).toEqual({ valid: true });
  });

  it("PreviewWithdrawal", () => {
    expect(validateRequestBody("PreviewWithdrawal", preview)).toEqual({ valid: true });
    expect(validateRequestBody("PreviewWithdrawal", { ...preview, amount: "0.5", category_code: "game" })).toEqual({
      valid: true,
    });
  });

  it("parameters at their bounds, and none at all", () => {
    expect(validateRequestParams("GetAccounts", { query: { page: 1, page_size: 1 } })).toEqual({ valid: true });
    expect(validateRequestParams("GetAccounts", { query: { page: 1000, page_size: 100 } })).toEqual({ valid: true });
    expect(validateRequestParams("GetAccounts", {})).toEqual({ valid: true });
    expect(validateRequestParams("GetAccounts")).toEqual({ valid: true });
    expect(validateRequestParams("GetOperation", { path: { id: operation.id } })).toEqual({ valid: true });
  });

  it("GetAccounts 200: a page of accounts, an empty page, zero balances and a non-withdrawal currency", () => {
    expect(validateResponseBody("GetAccounts", 200, accountsOk)).toEqual({ valid: true });
    expect(validateResponseBody("GetAccounts", "200", { ...accountsOk, data: { accounts: [], pages: 0 } })).toEqual({
      valid: true,
    });
    expect(accountsWith({ balance: "0", held_balance: "0.00000000", currency_code: "USDT" })).toEqual({ valid: true });
  });

  it("GetOperation 200 and InitWithdrawal 200, with and without a breakdown", () => {
    expect(validateResponseBody("GetOperation", 200, operationOk)).toEqual({ valid: true });
    expect(validateResponseBody("InitWithdrawal", 200, operationOk)).toEqual({ valid: true });
    expect(
      validateResponseBody("GetOperation", 200, { ...operationOk, data: without(operation, "breakdown") }),
    ).toEqual({ valid: true });
  });

  it("error envelopes for every documented error status", () => {
    expect(validateResponseBody("GetAccounts", 400, badRequest)).toEqual({ valid: true });
    const bare = without(badRequest, "details");
    expect(validateResponseBody("GetAccounts", 401, { ...bare, status_code: 401, code: "unauthorized" })).toEqual({
      valid: true,
    });
    expect(validateResponseBody("GetOperation", 404, { ...bare, status_code: 404, code: "not_found" })).toEqual({
      valid: true,
    });
    expect(
      validateResponseBody("InitWithdrawal", 422, { ...bare, status_code: 422, code: "insufficient_funds" }),
    ).toEqual({ valid: true });
    expect(validateResponseBody("GetAccounts", 500, { ...bare, status_code: 500, code: "internal_error" })).toEqual({
      valid: true,
    });
  });

  it("responses tolerate unknown properties at every level", () => {
    expect(
      validateResponseBody("GetAccounts", 200, {
        ...accountsOk,
        request_id: "r-1",
        data: { accounts: [{ ...account, nickname: "main", limits: { daily: "10" } }], pages: 1, total: 1 },
      }),
    ).toEqual({ valid: true });
    expect(
      validateResponseBody("GetOperation", 200, {
        ...operationOk,
        trace: "t",
        data: {
          ...operation,
          updated_at: "2022-02-24T00:00:01Z",
          breakdown: [{ amount: "1.27", currency_code: "USD", kind: "exchange", rate: "78.7" }],
          from_account: { ...account, tier: "gold" },
        },
      }),
    ).toEqual({ valid: true });
    expect(validateResponseBody("GetAccounts", 400, { ...badRequest, hint: "see docs" })).toEqual({ valid: true });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Guards, assertions and messages
// ---------------------------------------------------------------------------------------------------------------

describe("tolerant responses: what a provider may vary is read, not refused", () => {
  it.each([
    ['account status "frozen" (OperationStatus and friends are open enums)', accountsWith({ status: "frozen" })],
    ['account status "ACTIVE" (wrong case)', accountsWith({ status: "ACTIVE" })],
    ['account type "corporate"', accountsWith({ type: "corporate" })],
    ['operation status "cancelled"', operationWith({ status: "cancelled" })],
    ['operation type "transfer"', operationWith({ type: "transfer" })],
    ['breakdown kind "fee"', operationWith({ breakdown: [{ amount: "1.27", currency_code: "USD", kind: "fee" }] })],
    ['error code "BAD_REQUEST"', errorBody(400, { code: "BAD_REQUEST" })],
    [
      "GetOperation 404 with a code the spec does not list",
      validateResponseBody("GetOperation", 404, { ...badRequest, status_code: 404, code: "missing" }),
    ],
    [
      "an error body without code",
      validateResponseBody("GetAccounts", 500, without({ ...badRequest, status_code: 500 }, "code")),
    ],
    [
      "a 503 from a gateway (5XX)",
      validateResponseBody("GetAccounts", 503, { ...badRequest, status_code: 503, code: "internal_error" }),
    ],
    [
      "InitWithdrawal answered 201 instead of 200 (a success the spec allows)",
      validateResponseBody("InitWithdrawal", 201, operationOk),
    ],
  ] as const)("%s", (_name, result) => {
    expect(result).toEqual({ valid: true });
  });

  it("an undocumented 2xx must still carry a documented success body", () => {
    expectIssue(
      validateResponseBody("InitWithdrawal", 202, { ...operationOk, data: { id: "x" } }),
      "/data/amount",
      "required",
    );
  });

  it("a closed enum stays closed in responses (currency_code, category_code)", () => {
    expectIssue(operationWith({ currency_code: "EUR" }), "/data/currency_code", "enum");
    expectIssue(operationWith({ category_code: "Mobile" }), "/data/category_code", "enum");
  });
});

describe("isX / assertX", () => {
  it("isAccount accepts an account (extra fields included) and refuses a broken one", () => {
    expect(isAccount(account)).toBe(true);
    expect(isAccount(settlement)).toBe(true);
    expect(isAccount({ ...account, nickname: "x" })).toBe(true);
    expect(isAccount({ ...account, balance: 100 })).toBe(false);
    expect(isAccount({ ...account, owner_id: null })).toBe(false);
    expect(isAccount(without(account, "id"))).toBe(false);
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
});

describe("messages, one per keyword", () => {
  const only = (result: ValidationResult) => {
    expect(result.valid).toBe(false);
    return result.valid ? [] : result.errors.map((e) => e.message);
  };

  it("pattern: the amount names the decimal form", () => {
    expect(only(initBody({ amount: "1e5" }))).toEqual([
      "amount must be a positive decimal string such as 100.00 (greater than zero, no sign or exponent).",
    ]);
  });
  it("required", () => {
    expect(only(validateRequestBody("InitWithdrawal", without(withdrawal, "destination")))).toEqual([
      "destination is required.",
    ]);
  });
  it("enum lists the allowed values", () => {
    expect(only(initBody({ category_code: "sms" }))).toEqual(["category_code must be one of: mobile, crypto, game."]);
  });
  it("type, with null called out", () => {
    expect(only(initBody({ amount: null }))).toEqual(["amount must be a string, not null."]);
  });
  it("format", () => {
    expect(only(initBody({ account_id: SEED_UUID }))).toEqual([
      "account_id must be a UUID such as 123e4567-e89b-42d3-a456-426614174000.",
    ]);
  });
  it("additionalProperties", () => {
    expect(only(initBody({ foo: 1 }))).toEqual(["foo is not a known field; remove it."]);
  });
  it("minimum / maximum on parameters", () => {
    expect(only(accountsQuery({ page: 0, page_size: 101 }))).toEqual([
      "page must be at least 1.",
      "page_size must be at most 100.",
    ]);
  });
  it("minLength / maxLength", () => {
    expect(only(initBody({ destination: "" }))).toEqual(["destination must not be empty."]);
    expect(only(initBody({ destination: "x".repeat(65) }))).toEqual([
      "destination must be at most 64 characters long.",
    ]);
  });
  it("const", () => {
    expect(only(accountsEnvelope({ status_code: 201 }))).toEqual(["status_code must be 200."]);
  });
  it("nested paths read as field paths", () => {
    expect(only(accountsWith({ created_at: "yesterday" }))).toEqual([
      "data.accounts[0].created_at must be a date-time such as 2024-01-15T10:30:00Z.",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Regressions: bugs this corpus found, fixed in the generator (strictNumbers) and the runtime (assertX sentences)
// ---------------------------------------------------------------------------------------------------------------

describe("fixed validator bugs", () => {
  // The generator compiles Ajv without `strictNumbers`, so `type: integer` is checked as "a number with
  // no fraction": Infinity passes (Infinity % 1 is NaN, and !NaN is true) and would be sent as `page=Infinity`.
  it("GetAccounts rejects page Infinity (not an integer)", () => {
    expectIssue(accountsQuery({ page: Number.POSITIVE_INFINITY }), "/query/page", "type");
  });

  // The assertX factory used to describe errors with no pattern messages (`describeErrors(..., {}, ...)`), so an
  // assertX named a broken pattern by its raw regex ("amount must be text matching ^(?!0+(\.0+)?$)...") where
  // validateRequestBody, for the same schema and value, gives the spec's x-pattern-message sentence.
  it("assertX uses the spec's pattern sentence, as validateRequestBody does", () => {
    expect(() => assertWithdrawalRequest({ ...withdrawal, amount: "0" })).toThrowError(
      "WithdrawalRequest is invalid: amount must be a positive decimal string such as 100.00 (greater than zero, no sign or exponent).",
    );
  });
});
