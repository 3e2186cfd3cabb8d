import {
  acceptsAll,
  brokenField,
  deleteIt,
  type Mutations,
  mutation,
  notAString,
  outOf,
  patch,
  rejectsEachBrokenField,
  specFactsOf,
  unknownKey,
} from "@contracts/test-validators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Account, WithdrawalPreviewRequest, WithdrawalRequest } from "../src/index.js";
import {
  AccountStatusValues,
  AccountTypeValues,
  CategoryCodeValues,
  CurrencyCodeValues,
  RegionCodeValues,
} from "../src/spec.js";
import {
  isAccount,
  isWithdrawalPreviewRequest,
  isWithdrawalRequest,
  validateRequestBody,
  validateResponseBody,
} from "../src/validators.js";

const specFacts = await specFactsOf("upmobile");

// The spec's rules, read from the generated facts.
function rule(schema: string, property?: string) {
  const named = specFacts.schemas[schema];
  const found = property === undefined ? named : named?.properties.find((p) => p.name === property);
  if (!found) throw new Error(`The spec has no ${schema}${property ? `.${property}` : ""}.`);
  return found;
}
const patternOf = (facts: { pattern?: string }) => {
  if (facts.pattern === undefined) throw new Error("That rule has no pattern.");
  return new RegExp(facts.pattern);
};
const DECIMAL = patternOf(rule("Decimal"));
const POSITIVE_DECIMAL = patternOf(rule("PositiveDecimal"));
const OPERATOR_CODE = patternOf(rule("WithdrawalRequest", "operator_code"));
const ACCOUNT_CURRENCY = patternOf(rule("Account", "currency_code"));
const DESTINATION_MAX = rule("WithdrawalRequest", "destination").maxLength;
// the uuid format's own definition (RFC 9562), not a rule of the spec.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries of valid values, built from the schemas
// ---------------------------------------------------------------------------------------------------------------

const decimal = fc.stringMatching(DECIMAL);
/** fast-check cannot generate from a lookahead: generate the Decimal shape, keep the non-zero ones. */
const positiveDecimal = fc.stringMatching(DECIMAL).filter((s) => POSITIVE_DECIMAL.test(s));
const operatorCode = fc.stringMatching(OPERATOR_CODE);
const destination = fc.string({ minLength: 1, maxLength: DESTINATION_MAX });
const dateTime = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

const withdrawalRequest: fc.Arbitrary<WithdrawalRequest> = fc.record({
  account_id: fc.uuid(),
  amount: positiveDecimal,
  category_code: fc.constantFrom(...CategoryCodeValues),
  currency_code: fc.constantFrom(...CurrencyCodeValues),
  destination,
  operator_code: operatorCode,
  region_code: fc.constantFrom(...RegionCodeValues),
});

const previewRequest: fc.Arbitrary<WithdrawalPreviewRequest> = fc.record({
  amount: positiveDecimal,
  category_code: fc.constantFrom(...CategoryCodeValues),
  currency_code: fc.constantFrom(...CurrencyCodeValues),
  operator_code: operatorCode,
  region_code: fc.constantFrom(...RegionCodeValues),
});

const accountArb: fc.Arbitrary<Account> = fc.record(
  {
    balance: decimal,
    created_at: dateTime,
    currency_code: fc.stringMatching(ACCOUNT_CURRENCY),
    held_balance: decimal,
    id: fc.uuid(),
    name: fc.string(),
    owner_id: fc.uuid(),
    status: fc.constantFrom(...AccountStatusValues),
    type: fc.constantFrom(...AccountTypeValues),
  },
  { requiredKeys: ["balance", "created_at", "currency_code", "held_balance", "id", "name", "status", "type"] },
);

const accountsEnvelope = (accounts: unknown[]) => ({
  data: { accounts, pages: accounts.length },
  status: "success",
  status_code: 200,
});

// ---------------------------------------------------------------------------------------------------------------
// Mutations: each one breaks exactly the field it is listed under
// ---------------------------------------------------------------------------------------------------------------

const badUuid = fc.oneof(
  fc.string().filter((s) => !UUID.test(s)),
  fc.constant("1a2b3c4d-5e6f-7g8h-9i0j-1k2l3m4n5o6p"),
  fc.uuid().map((u) => u.slice(1)),
  fc.uuid().map((u) => u.replaceAll("-", "")),
);
const badPositiveDecimal = fc.oneof(
  fc.string().filter((s) => !POSITIVE_DECIMAL.test(s)),
  fc.constantFrom("0", "0.0", "0.00", "0.00000000"),
  positiveDecimal.map((s) => `-${s}`),
  positiveDecimal.map((s) => `${s}e5`),
  positiveDecimal.map((s) => ` ${s}`),
  fc.integer({ min: 1, max: 9 }).map((d) => `0${d}`),
  positiveDecimal.map((s) => (s.includes(".") ? `${s}123456789` : `${s}.123456789`)),
);
const badDecimal = fc.oneof(
  fc.string().filter((s) => !DECIMAL.test(s)),
  decimal.map((s) => `-${s}`),
  decimal.map((s) => `${s}e1`),
);
const badOperatorCode = fc.oneof(
  fc.string().filter((s) => !OPERATOR_CODE.test(s)),
  fc.stringMatching(/^[a-z]{1,31}[A-Z-]$/),
  fc.stringMatching(/^[a-z0-9_]{33,40}$/),
);
const badDateTime = fc.oneof(
  dateTime.map((s) => s.slice(0, 10)), // a date only
  dateTime.map((s) => s.slice(0, 19)), // no offset
  dateTime.map((s) => s.replace("T", " ").replace("Z", "")),
  fc.integer({ min: 0 }), // a timestamp
);

const requestFieldMutations = {
  amount: [mutation("wrong type", notAString), mutation("pattern break", badPositiveDecimal), deleteIt],
  category_code: [mutation("wrong type", notAString), mutation("out of enum", outOf(CategoryCodeValues)), deleteIt],
  currency_code: [mutation("wrong type", notAString), mutation("out of enum", outOf(CurrencyCodeValues)), deleteIt],
  operator_code: [mutation("wrong type", notAString), mutation("pattern break", badOperatorCode), deleteIt],
  region_code: [mutation("wrong type", notAString), mutation("out of enum", outOf(RegionCodeValues)), deleteIt],
} satisfies Mutations;

const withdrawalMutations: Mutations = {
  ...requestFieldMutations,
  account_id: [mutation("wrong type", notAString), mutation("bad format", badUuid), deleteIt],
  destination: [
    mutation("wrong type", notAString),
    mutation("too short", fc.constant("")),
    mutation("too long", fc.string({ minLength: 65, maxLength: 100 })),
    deleteIt,
  ],
};

const accountMutations: Mutations = {
  balance: [mutation("wrong type", notAString), mutation("pattern break", badDecimal), deleteIt],
  held_balance: [mutation("wrong type", notAString), mutation("pattern break", badDecimal), deleteIt],
  created_at: [mutation("wrong type", notAString), mutation("bad format", badDateTime), deleteIt],
  currency_code: [
    mutation("wrong type", notAString),
    mutation(
      "pattern break",
      fc.string().filter((s) => !ACCOUNT_CURRENCY.test(s)),
    ),
    deleteIt,
  ],
  id: [mutation("wrong type", notAString), mutation("bad format", badUuid), deleteIt],
  name: [mutation("wrong type", fc.oneof(fc.integer(), fc.constant(null))), deleteIt],
  owner_id: [mutation("null, never allowed", fc.constant(null)), mutation("bad format", badUuid)],
  // AccountStatus and AccountType are open enums (x-open-enum): an unknown value is read, a non-string is not.
  status: [mutation("wrong type", notAString), deleteIt],
  type: [mutation("wrong type", notAString), deleteIt],
};

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe("property 1: every value generated from the schema is accepted", () => {
  it("WithdrawalRequest (InitWithdrawal)", () => {
    acceptsAll(withdrawalRequest, (body) => {
      expect(validateRequestBody("InitWithdrawal", body)).toEqual({ valid: true });
      expect(isWithdrawalRequest(body)).toBe(true);
    });
  });

  it("WithdrawalPreviewRequest (PreviewWithdrawal)", () => {
    acceptsAll(previewRequest, (body) => {
      expect(validateRequestBody("PreviewWithdrawal", body)).toEqual({ valid: true });
      expect(isWithdrawalPreviewRequest(body)).toBe(true);
    });
  });

  it("Account, alone and in a GetAccounts page, with or without unknown extra fields", () => {
    const page = fc.record({
      accounts: fc.array(accountArb, { maxLength: 3 }),
      extra: fc.dictionary(unknownKey(Object.keys(accountMutations)), fc.jsonValue(), { maxKeys: 2 }),
    });
    acceptsAll(page, ({ accounts, extra }) => {
      for (const account of accounts) expect(isAccount(account)).toBe(true);
      const withExtra = accounts.map((a) => ({ ...extra, ...a }));
      expect(validateResponseBody("GetAccounts", 200, accountsEnvelope(withExtra))).toEqual({ valid: true });
    });
  });
});

describe("property 2: breaking one field is rejected, and the errors name that field", () => {
  it("WithdrawalRequest", () => {
    rejectsEachBrokenField(withdrawalRequest, withdrawalMutations, (body) =>
      validateRequestBody("InitWithdrawal", body),
    );
  });

  it("WithdrawalPreviewRequest", () => {
    rejectsEachBrokenField(previewRequest, requestFieldMutations, (body) =>
      validateRequestBody("PreviewWithdrawal", body),
    );
  });

  it("an unknown field in a request is named", () => {
    const unknown = fc.record({ key: unknownKey(Object.keys(withdrawalMutations)), value: fc.jsonValue() });
    acceptsAll(fc.tuple(withdrawalRequest, unknown), ([body, { key, value }]) => {
      const result = validateRequestBody("InitWithdrawal", { ...body, [key]: value });
      expect(result.valid).toBe(false);
      expect(result.valid ? [] : result.errors).toContainEqual(
        expect.objectContaining({ path: `/${key}`, keyword: "additionalProperties" }),
      );
    });
  });

  it("Account inside a GetAccounts page, at its index", () => {
    const pages = fc.array(accountArb, { minLength: 1, maxLength: 3 });
    acceptsAll(fc.tuple(pages, fc.nat(), brokenField(accountMutations)), ([accounts, n, { field, value }]) => {
      const index = n % accounts.length;
      const broken = accounts.map((a, i) => (i === index ? patch(a, { [field]: value }) : a));
      expect(isAccount(broken[index])).toBe(false);
      const result = validateResponseBody("GetAccounts", 200, accountsEnvelope(broken));
      expect(result.valid).toBe(false);
      expect(result.valid ? [] : result.errors.map((e) => e.path)).toContain(`/data/accounts/${index}/${field}`);
    });
  });
});

describe("property 3: an open enum reads any string the provider sends", () => {
  it("Account status and type, whatever their value", () => {
    acceptsAll(fc.tuple(accountArb, fc.string(), fc.string()), ([account, status, type]) => {
      const varied = { ...account, status, type };
      expect(isAccount(varied)).toBe(true);
      expect(validateResponseBody("GetAccounts", 200, accountsEnvelope([varied]))).toEqual({ valid: true });
    });
  });
});
