import type {
  ErrorResponse,
  Operation,
  WithdrawalPreview,
  WithdrawalPreviewRequest,
  WithdrawalRequest,
} from "@contracts/upmobile";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import { validateRequestBody } from "@contracts/upmobile/validators";
import { addDecimals, formatDecimal, isDecimalString } from "../shared/decimal";
import { add, type FieldErrors, FORM, fieldOf, issuesToFieldErrors } from "../shared/field-errors";

/** The withdrawal form's fields: exactly the properties of the generated `WithdrawalRequest`. */
export const WITHDRAWAL_FIELDS = [
  "account_id",
  "category_code",
  "operator_code",
  "region_code",
  "currency_code",
  "destination",
  "amount",
] as const satisfies readonly (keyof WithdrawalRequest)[];

export type WithdrawalField = (typeof WITHDRAWAL_FIELDS)[number];

/** What the form holds: every field as the text the user sees. */
export type WithdrawalFormState = Record<WithdrawalField, string>;

/** The fields the preview takes (a `WithdrawalPreviewRequest`). */
export const PREVIEW_FIELDS = [
  "category_code",
  "operator_code",
  "region_code",
  "currency_code",
  "amount",
] as const satisfies readonly (keyof WithdrawalPreviewRequest)[];

/** What the preview reads from the form. */
export type PreviewInput = Pick<WithdrawalFormState, (typeof PREVIEW_FIELDS)[number]>;

/** A fresh form: the first value of each generated enum, nothing typed yet. */
export function initialWithdrawalState(accountId = ""): WithdrawalFormState {
  return {
    account_id: accountId,
    category_code: CategoryCodeValues[0],
    operator_code: "",
    region_code: RegionCodeValues[0],
    currency_code: CurrencyCodeValues[0],
    destination: "",
    amount: "",
  };
}

/** The body of `fields` from the form, trimmed, and the operation's generated validator's messages per field. */
function check<Body>(
  operationId: "PreviewWithdrawal" | "InitWithdrawal",
  state: Partial<WithdrawalFormState>,
  fields: readonly WithdrawalField[],
): { ok: true; body: Body } | { ok: false; body: Body; errors: FieldErrors<WithdrawalField> } {
  const body = Object.fromEntries(fields.map((field) => [field, state[field]?.trim() ?? ""])) as Body;
  const result = validateRequestBody(operationId, body);
  return result.valid
    ? { ok: true, body }
    : { ok: false, body, errors: issuesToFieldErrors(result.errors, WITHDRAWAL_FIELDS) };
}

/** The preview's body, checked with the generated `PreviewWithdrawal` validator. */
export const checkPreview = (state: PreviewInput) =>
  check<WithdrawalPreviewRequest>("PreviewWithdrawal", state, PREVIEW_FIELDS);

/** The withdrawal's body, checked with the generated `InitWithdrawal` validator. */
export const checkWithdrawal = (state: WithdrawalFormState) =>
  check<WithdrawalRequest>("InitWithdrawal", state, WITHDRAWAL_FIELDS);

/** True when the user has typed enough for a preview to be worth asking for. */
export function previewWanted(state: PreviewInput): boolean {
  return state.amount.trim() !== "" && state.operator_code.trim() !== "";
}

/**
 * The `details` of an Upmobile error body (`{ code, message, details: [{ field, message }] }`) as messages per
 * field. A detail's `field` may be a name ("amount"), a JSON pointer ("/amount") or a dotted path ("body.amount");
 * one the form does not show becomes a form-level message. The body's own `message` is left to the caller.
 */
export function serverErrorsToFieldErrors(body: ErrorResponse | undefined): FieldErrors<WithdrawalField> {
  const errors: FieldErrors<WithdrawalField> = {};
  for (const detail of body?.details ?? []) {
    const segments = detail.field.split(/[/.]/).filter(Boolean);
    const field = segments.map((s) => fieldOf(s, WITHDRAWAL_FIELDS)).find((f) => f !== FORM) ?? FORM;
    add(errors, field, field === FORM ? `${detail.field}: ${detail.message}` : detail.message);
  }
  return errors;
}

/**
 * A preview for display: amount, commission and their sum, computed on the decimal strings, in its currency (the
 * spec does not say whether the provider adds the commission or deducts it, so the UI labels the sum for what it is).
 */
export function summarizePreview(preview: WithdrawalPreview) {
  const { currency } = preview;
  const money = (value: string) => formatMoney(value, currency);
  const total = isDecimalString(preview.amount) && isDecimalString(preview.commission);
  return {
    amount: money(preview.amount),
    commission: money(preview.commission),
    total: total ? money(addDecimals(preview.amount, preview.commission)) : "—",
    currency: `${currency.names.en} (${currency.code})`,
    operator: preview.operator.names.en || preview.operator.code,
  };
}

/** "1,234.50 RUB": grouped, padded to the currency's decimals when known, followed by its code. */
export function formatMoney(amount: string, currency?: { code: string; decimals?: number } | string): string {
  const code = typeof currency === "string" ? currency : currency?.code;
  const decimals = typeof currency === "object" ? currency.decimals : undefined;
  const formatted = formatDecimal(amount, decimals ?? 2);
  return code ? `${formatted} ${code}` : formatted;
}

/** The timeline entry for one status an operation reached. */
export interface StatusStep {
  status: Operation["status"];
  at: string;
}

/** Appends a status to the timeline unless it repeats the last one. */
export function appendStatus(steps: readonly StatusStep[], operation: Operation, at: Date): StatusStep[] {
  if (steps.at(-1)?.status === operation.status) return [...steps];
  return [...steps, { status: operation.status, at: at.toISOString().slice(11, 23) }];
}
