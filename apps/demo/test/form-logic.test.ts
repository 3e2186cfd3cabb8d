import { describe, expect, it } from "vitest";
import { FORM } from "../src/shared/field-errors";
import {
  buildTopupBody,
  checkProof,
  checkTopup,
  describeProofRule,
  fieldsForType,
  initialTopupState,
  PROOF_ACCEPT,
  PROOF_RULE,
  serverErrorsToFieldErrors,
  type TopupFormState,
} from "../src/topup/form-logic";

const pdf = (size: number, type = "application/pdf") => new File([new Uint8Array(size)], "proof.pdf", { type });

const bank: TopupFormState = {
  ...initialTopupState("from_bank_transfer"),
  amount: "1000",
  from_bank: "CIB",
  from_account_number: "0012345",
  from_account_name: "John Doe",
  from_date: "2024-01-15",
  username: "left over from the other type",
  to_attach_proof: pdf(4),
};

describe("topup form logic", () => {
  it("shows the fields of each type", () => {
    expect(fieldsForType("from_bank_transfer")).toEqual([
      "type",
      "amount",
      "currency",
      "from_bank",
      "from_account_number",
      "from_account_name",
      "from_date",
      "to_attach_proof",
    ]);
    expect(fieldsForType("from_accept_balance")).toEqual(["type", "amount", "currency", "username"]);
  });

  it("sends only the fields of the chosen type, the amount as a number", () => {
    const body = buildTopupBody(bank);
    expect(body).toEqual({
      type: "from_bank_transfer",
      amount: 1000,
      currency: "egyptian_pound",
      from_bank: "CIB",
      from_account_number: "0012345",
      from_account_name: "John Doe",
      from_date: "2024-01-15",
      to_attach_proof: bank.to_attach_proof,
    });
    expect(buildTopupBody({ ...bank, type: "from_accept_balance", username: " accept_user " })).toEqual({
      type: "from_accept_balance",
      amount: 1000,
      currency: "egyptian_pound",
      username: "accept_user",
    });
    expect(checkTopup(bank).ok).toBe(true);
  });

  it("maps the generated validator's errors to the fields that caused them", () => {
    const checked = checkTopup({ ...initialTopupState("from_bank_transfer"), amount: "12.5", from_date: "15/01/2024" });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual([
      "amount",
      "from_account_name",
      "from_account_number",
      "from_bank",
      "from_date",
      "to_attach_proof",
    ]);
    expect(checked.errors.from_bank?.[0]).toMatch(/from_bank/);
    expect(checked.errors.amount?.[0]).toMatch(/integer/);
  });

  it("asks for the username of an Accept balance transfer", () => {
    const checked = checkTopup({ ...initialTopupState("from_accept_balance"), amount: "500" });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(Object.keys(checked.errors)).toEqual(["username"]);
  });

  it("refuses a proof one byte over the generated limit, or of another type, and takes one at the limit", () => {
    const limit = PROOF_RULE.maxBytes;
    expect(checkProof({ ...bank, to_attach_proof: pdf(limit) })).toEqual([]);
    const [tooBig] = checkProof({ ...bank, to_attach_proof: pdf(limit + 1) });
    expect(tooBig).toContain(`at most ${limit.toLocaleString("en-US")} bytes`);
    const [wrongType] = checkProof({ ...bank, to_attach_proof: pdf(10, "text/plain") });
    expect(wrongType).toMatch(/application\/pdf/);
    expect(checkProof({ ...bank, to_attach_proof: null })).toEqual([]);
    const submitted = checkTopup({ ...bank, to_attach_proof: pdf(limit + 1) });
    expect(submitted.ok ? {} : Object.keys(submitted.errors)).toEqual(["to_attach_proof"]);
  });

  it("describes the proof rule from the generated table", () => {
    // the spec's `x-max-bytes` and `contentType` of the proof, as the form's accept attribute and its hint.
    expect(PROOF_RULE).toEqual({ maxBytes: 2_936_012, contentTypes: ["application/pdf", "image/jpeg", "image/png"] });
    expect(PROOF_ACCEPT).toBe("application/pdf,image/jpeg,image/png");
    expect(
      describeProofRule({ maxBytes: 5_242_880, contentTypes: ["application/pdf", "image/jpeg", "image/png"] }),
    ).toBe("PDF, JPEG or PNG, at most 5.0 MB (5,242,880 bytes)");
    expect(describeProofRule({ maxBytes: 1_000, contentTypes: ["application/pdf", "image/png"] })).toBe(
      "PDF or PNG, at most 0.0 MB (1,000 bytes)",
    );
    expect(describeProofRule({ maxBytes: null, contentTypes: ["image/png"] })).toBe("PNG");
    expect(describeProofRule()).toBe("PDF, JPEG or PNG, at most 2.8 MB (2,936,012 bytes)");
  });

  it("maps a server 400's field map to the same fields, and a string to the form", () => {
    const fromMap = serverErrorsToFieldErrors(
      {
        disbursement_status: "failed",
        status_code: "400",
        status_description: {
          from_bank: ["This field may not be blank."],
          to_attach_proof: ["The uploaded attachment size must be less than 3 MB"],
          non_field_errors: ["Something about the whole request."],
          mystery: ["Unknown."],
        },
      },
      "from_bank_transfer",
    );
    expect(fromMap).toEqual({
      from_bank: ["This field may not be blank."],
      to_attach_proof: ["The uploaded attachment size must be less than 3 MB"],
      [FORM]: ["Something about the whole request.", "mystery: Unknown."],
    });
    const fromString = serverErrorsToFieldErrors(
      { disbursement_status: "failed", status_code: "400", status_description: "Amount must be at least 100." },
      "from_accept_balance",
    );
    expect(fromString).toEqual({ [FORM]: ["Amount must be at least 100."] });
    // A bank field named while the form shows an Accept transfer belongs to no visible field.
    const misplaced = serverErrorsToFieldErrors(
      { disbursement_status: "failed", status_code: "400", status_description: { from_bank: ["x"] } },
      "from_accept_balance",
    );
    expect(misplaced).toEqual({ [FORM]: ["from_bank: x"] });
  });
});
