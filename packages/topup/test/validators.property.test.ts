import {
  acceptsAll,
  deleteIt,
  type Mutations,
  mutation,
  notAString,
  outOf,
  rejectsEachBrokenField,
  specFactsOf,
} from "@contracts/test-validators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AcceptBalanceTopupForm, BankTransferTopupForm, TopupRequest } from "../src/index.js";
import { operationTable, TopupCurrencyValues, TopupStatusValues, TransferTypeValues } from "../src/spec.js";
import {
  isAcceptBalanceTopupForm,
  isBankTransferTopupForm,
  isTopupRequest,
  validateRequestBody,
  validateResponseBody,
} from "../src/validators.js";

const specFacts = await specFactsOf("topup");

const proofRule = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof;
const amountPattern = specFacts.schemas.TopupRequest?.properties.find((p) => p.name === "amount")?.pattern;
if (amountPattern === undefined) throw new Error("The spec gives TopupRequest.amount no pattern.");
const AMOUNT = new RegExp(amountPattern);

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries of valid values, built from the schemas
// ---------------------------------------------------------------------------------------------------------------

const isoDate = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const nonEmpty = fc.string({ minLength: 1, maxLength: 40 });
const amount = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

/** A small proof of an allowed content type, as a Blob or a File. */
const proof: fc.Arbitrary<Blob> = fc
  .record({
    bytes: fc.string({ maxLength: 64 }),
    type: fc.constantFrom(...proofRule.contentTypes),
    asFile: fc.boolean(),
  })
  .map(({ bytes, type, asFile }) => (asFile ? new File([bytes], "proof", { type }) : new Blob([bytes], { type })));

const bankForm: fc.Arbitrary<BankTransferTopupForm> = fc.record({
  amount,
  type: fc.constant("from_bank_transfer" as const),
  currency: fc.constantFrom(...TopupCurrencyValues),
  from_bank: nonEmpty,
  from_account_number: fc.stringMatching(/^[0-9]{1,20}$/),
  from_account_name: nonEmpty,
  from_date: isoDate,
  to_attach_proof: proof,
});

const acceptForm: fc.Arbitrary<AcceptBalanceTopupForm> = fc.record({
  amount,
  type: fc.constant("from_accept_balance" as const),
  currency: fc.constantFrom(...TopupCurrencyValues),
  username: nonEmpty,
});

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const topupRequest: fc.Arbitrary<TopupRequest> = fc.record(
  {
    id: fc.integer(),
    client_id: fc.integer(),
    amount: fc.stringMatching(AMOUNT),
    transfer_type: fc.constantFrom(...TransferTypeValues),
    username: nullable(fc.string()),
    from_bank: nullable(fc.string()),
    to_bank: nullable(fc.string()),
    from_account_number: nullable(fc.string()),
    to_account_number: nullable(fc.string()),
    from_account_name: nullable(fc.string()),
    to_account_name: nullable(fc.string()),
    from_date: nullable(isoDate),
    to_attach_proof: nullable(fc.string()),
    automatic: fc.boolean(),
    accept_balance_transfer_id: nullable(fc.string()),
    status: fc.constantFrom(...TopupStatusValues),
    reason: nullable(fc.string()),
    currency: fc.constantFrom(...TopupCurrencyValues),
    is_t_plus_two: fc.boolean(),
  },
  {
    // every documented field is always present (null where it does not apply); the extras seen in practice are not
    requiredKeys: [
      "id",
      "client_id",
      "amount",
      "transfer_type",
      "username",
      "from_bank",
      "to_bank",
      "from_account_number",
      "to_account_number",
      "from_account_name",
      "to_account_name",
      "from_date",
      "to_attach_proof",
      "automatic",
      "accept_balance_transfer_id",
      "status",
      "reason",
    ],
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Mutations: each one breaks exactly the field it is listed under
// ---------------------------------------------------------------------------------------------------------------

/** A bigger-than-allowed proof, built once (2.8 MB per run would be slow). */
const oversize = new Blob([new Uint8Array(proofRule.maxBytes + 1)], { type: "application/pdf" });

const amountMutations = [
  mutation("below minimum", fc.integer({ min: -1_000_000, max: 0 })),
  mutation("not an integer", fc.double({ noInteger: true, noNaN: true })),
  mutation("wrong type", fc.oneof(amount.map(String), fc.constant(null), fc.boolean())),
  deleteIt,
];
const typeMutations = [
  mutation("out of enum", outOf(TransferTypeValues)),
  mutation("wrong type", notAString),
  deleteIt,
];
const currencyMutations = [
  mutation("out of enum", outOf(TopupCurrencyValues)),
  mutation("wrong type", notAString),
  deleteIt,
];
const nonEmptyStringMutations = [mutation("empty", fc.constant("")), mutation("wrong type", notAString), deleteIt];

const bankMutations: Mutations = {
  amount: amountMutations,
  type: typeMutations,
  currency: currencyMutations,
  from_bank: nonEmptyStringMutations,
  from_account_number: nonEmptyStringMutations,
  from_account_name: nonEmptyStringMutations,
  from_date: [
    mutation(
      "bad format",
      fc.oneof(
        isoDate.map((d) => d.replaceAll("-", "/")),
        isoDate.map((d) => d.split("-").reverse().join("-")),
        fc.integer({ min: 2000, max: 2099 }).map((y) => `${y}-13-01`),
        fc.integer({ min: 2000, max: 2099 }).map((y) => `${y}-02-30`),
        fc.integer({ min: 2000, max: 2099 }).map((y) => `${y}-04-31`),
        isoDate.map((d) => `${d}T00:00:00Z`),
      ),
    ),
    mutation("wrong type", notAString),
    deleteIt,
  ],
  to_attach_proof: [
    mutation("not a Blob", fc.oneof(fc.string(), fc.constant(null), fc.integer())),
    mutation("oversize", fc.constant(oversize)),
    mutation(
      "content type not allowed",
      fc
        .constantFrom("text/plain", "image/gif", "application/octet-stream", "", "application/zip")
        .map((type) => new Blob(["x"], { type })),
    ),
    deleteIt,
  ],
};

const acceptMutations: Mutations = {
  amount: amountMutations,
  type: typeMutations,
  currency: currencyMutations,
  username: nonEmptyStringMutations,
};

const responseMutations: Mutations = {
  id: [
    mutation(
      "wrong type",
      fc.oneof(fc.string(), fc.double({ noInteger: true, noDefaultInfinity: true }), fc.constant(null)),
    ),
    deleteIt,
  ],
  amount: [
    mutation("a JSON number", fc.integer({ min: 0 })),
    mutation(
      "pattern break",
      fc.string().filter((s) => !AMOUNT.test(s)),
    ),
    mutation(
      "three decimals",
      fc.integer({ min: 0, max: 1_000_000 }).map((n) => `${n}.001`),
    ),
    deleteIt,
  ],
  transfer_type: [mutation("out of enum", outOf(TransferTypeValues)), deleteIt],
  // TopupStatus is an open enum (x-open-enum): an unknown value is read, so only a non-string breaks it.
  status: [mutation("wrong type", fc.oneof(fc.integer(), fc.boolean(), fc.constant(null))), deleteIt],
  automatic: [mutation("wrong type", fc.oneof(fc.constant(null), fc.string(), fc.integer())), deleteIt],
  from_date: [mutation("bad format", fc.constantFrom("2024-13-01", "2024-02-30", "15/01/2024")), deleteIt],
  reason: [mutation("wrong type", fc.oneof(fc.integer(), fc.boolean())), deleteIt],
  currency: [mutation("out of enum", outOf(TopupCurrencyValues))],
};

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe("property 1: every value generated from the schema is accepted", () => {
  it("bank-transfer form, with a small proof of an allowed type", () => {
    acceptsAll(bankForm, (form) => {
      expect(validateRequestBody("CreateTopupRequest", form)).toEqual({ valid: true });
      expect(isBankTransferTopupForm(form)).toBe(true);
    });
  });

  it("Accept-balance form", () => {
    acceptsAll(acceptForm, (form) => {
      expect(validateRequestBody("CreateTopupRequest", form)).toEqual({ valid: true });
      expect(isAcceptBalanceTopupForm(form)).toBe(true);
    });
  });

  it("TopupRequest responses, alone, in a 201 and in an inquiry page, with unknown extra fields", () => {
    const extras = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,10}$/), fc.jsonValue(), { maxKeys: 2 });
    acceptsAll(fc.tuple(fc.array(topupRequest, { maxLength: 3 }), extras), ([requests, extra]) => {
      for (const r of requests) {
        expect(isTopupRequest(r)).toBe(true);
        expect(validateResponseBody("CreateTopupRequest", 201, { ...r, ...extra })).toEqual({ valid: true });
      }
      const page = {
        count: requests.length,
        next: null,
        previous: null,
        results: { status: "success", topup_requests: requests },
      };
      expect(validateResponseBody("InquireTopupRequests", 200, page)).toEqual({ valid: true });
    });
  });
});

describe("property 2: breaking one field is rejected, and the errors name that field", () => {
  const create = (form: object) => validateRequestBody("CreateTopupRequest", form);

  it("bank-transfer form", () => {
    rejectsEachBrokenField(bankForm, bankMutations, create);
  });

  it("Accept-balance form", () => {
    rejectsEachBrokenField(acceptForm, acceptMutations, create);
  });

  it("a field of the other branch is named as unknown", () => {
    const bankOnly = ["from_bank", "from_account_number", "from_account_name", "from_date", "to_attach_proof"];
    const mixed = fc.oneof(
      fc.record({ form: acceptForm, field: fc.constantFrom(...bankOnly), value: fc.oneof(nonEmpty, proof) }),
      fc.record({ form: bankForm, field: fc.constant("username"), value: nonEmpty }),
    );
    acceptsAll(mixed, ({ form, field, value }) => {
      const result = create({ ...form, [field]: value });
      expect(result.valid).toBe(false);
      expect(result.valid ? [] : result.errors).toContainEqual(
        expect.objectContaining({ path: `/${field}`, keyword: "additionalProperties" }),
      );
    });
  });

  it("TopupRequest in a 201", () => {
    rejectsEachBrokenField(topupRequest, responseMutations, (request) =>
      validateResponseBody("CreateTopupRequest", 201, request),
    );
  });
});
