import type {
  AcceptBalanceTopupForm,
  BankTransferTopupForm,
  components,
  TopupRequestForm,
  TransferType,
} from "@contracts/topup";
import { operationTable, TopupCurrencyValues, TransferTypeValues } from "@contracts/topup/spec";
import { validateRequestBody } from "@contracts/topup/validators";
import { add, type FieldErrors, FORM, fieldOf, issuesToFieldErrors } from "../shared/field-errors";

/** The fields each transfer type sends, besides the common ones: the generated form types' properties. */
export const FIELDS_BY_TYPE = {
  from_bank_transfer: [
    "from_bank",
    "from_account_number",
    "from_account_name",
    "from_date",
    "to_attach_proof",
  ] as const satisfies readonly (keyof BankTransferTopupForm)[],
  from_accept_balance: ["username"] as const satisfies readonly (keyof AcceptBalanceTopupForm)[],
} satisfies Record<TransferType, readonly string[]>;

/** The fields every type sends. */
export const COMMON_FIELDS = ["type", "amount", "currency"] as const satisfies readonly (keyof TopupRequestForm)[];

export type TopupField = (typeof COMMON_FIELDS)[number] | (typeof FIELDS_BY_TYPE)[keyof typeof FIELDS_BY_TYPE][number];

/** The fields the user types or picks as text. */
export type TextField = Exclude<TopupField, "type" | "to_attach_proof">;

/** What the form holds: text as typed, the chosen proof file (or none). */
export type TopupFormState = Record<TextField, string> & {
  type: TransferType;
  to_attach_proof: Blob | null;
};

/** The proof's rules, as generated from the spec's `x-max-bytes` and `x-content-types`. */
export const PROOF_RULE = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof;

/** The `accept` attribute of the proof's file picker. */
export const PROOF_ACCEPT = PROOF_RULE.contentTypes.join(",");

/** The rule in words ("PDF, JPEG or PNG, at most 2.8 MB (2,936,012 bytes)" today), from the generated rule. */
export function describeProofRule(rule: { maxBytes: number | null; contentTypes: readonly string[] } = PROOF_RULE) {
  const types = rule.contentTypes.map((t) => (t.split("/")[1] ?? t).toUpperCase());
  const typeText = types.length > 1 ? `${types.slice(0, -1).join(", ")} or ${types.at(-1)}` : (types[0] ?? "Any file");
  if (rule.maxBytes === null) return typeText;
  const mb = (rule.maxBytes / 1024 / 1024).toFixed(1);
  return `${typeText}, at most ${mb} MB (${rule.maxBytes.toLocaleString("en-US")} bytes)`;
}

/** A fresh form for a type. */
export function initialTopupState(type: TransferType = TransferTypeValues[0]): TopupFormState {
  return {
    type,
    amount: "",
    currency: TopupCurrencyValues[0],
    from_bank: "",
    from_account_number: "",
    from_account_name: "",
    from_date: "",
    username: "",
    to_attach_proof: null,
  };
}

/** The fields the form shows, and sends, for a type. */
export function fieldsForType(type: TransferType): readonly TopupField[] {
  return [...COMMON_FIELDS, ...FIELDS_BY_TYPE[type]];
}

/**
 * The request body for the form's type: only that type's fields (the spec closes each branch, so the other
 * type's fields would be refused). Text is trimmed; an integer-looking amount becomes a number and anything else
 * is passed through for the validator to name; an empty amount or a missing file is left out (so "required").
 */
export function buildTopupBody(state: TopupFormState): TopupRequestForm {
  const body: Record<string, unknown> = { type: state.type, currency: state.currency };
  const amount = state.amount.trim();
  if (amount !== "") body.amount = /^-?\d+(\.\d+)?$/.test(amount) ? Number(amount) : amount;
  for (const field of FIELDS_BY_TYPE[state.type]) {
    if (field === "to_attach_proof") {
      if (state.to_attach_proof) body.to_attach_proof = state.to_attach_proof;
    } else {
      body[field] = state[field].trim();
    }
  }
  return body as TopupRequestForm;
}

/** The body and the generated validator's verdict on it, as messages per field. */
export function checkTopup(
  state: TopupFormState,
): { ok: true; body: TopupRequestForm } | { ok: false; body: TopupRequestForm; errors: FieldErrors<TopupField> } {
  const body = buildTopupBody(state);
  const result = validateRequestBody("CreateTopupRequest", body);
  if (result.valid) return { ok: true, body };
  return { ok: false, body, errors: issuesToFieldErrors(result.errors, fieldsForType(state.type)) };
}

/**
 * Only the proof's problems (size and type, from the generated file rule), for the moment a file is picked:
 * other fields the user has not filled in yet are not complained about.
 */
export function checkProof(state: TopupFormState): string[] {
  if (!state.to_attach_proof) return [];
  const checked = checkTopup({ ...state, type: "from_bank_transfer" });
  return checked.ok ? [] : (checked.errors.to_attach_proof ?? []);
}

/**
 * A Paymob 400 body as messages per field: a map's keys are field names (an unknown key, such as DRF's
 * `non_field_errors`, becomes a form-level message); a string `status_description` is a form-level message.
 */
export function serverErrorsToFieldErrors(
  body: components["schemas"]["ValidationErrorResponse"] | undefined,
  type: TransferType,
): FieldErrors<TopupField> {
  const errors: FieldErrors<TopupField> = {};
  const description = body?.status_description;
  if (typeof description === "string") {
    add(errors, FORM, description);
  } else if (description && typeof description === "object") {
    const fields = fieldsForType(type);
    for (const [key, messages] of Object.entries(description)) {
      const field = fieldOf(key, fields);
      const list = Array.isArray(messages) ? messages : [String(messages)];
      for (const message of list) {
        add(errors, field, field === FORM && key !== "non_field_errors" ? `${key}: ${message}` : message);
      }
    }
  }
  return errors;
}
