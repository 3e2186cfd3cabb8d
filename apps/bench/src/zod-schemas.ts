/**
 * Zod 4 schemas written by hand as a team choosing Zod would, matching the specs rule for rule; the facts (patterns,
 * enums, limits) are read from the specs, so a spec change reaches these schemas too.
 */
import type { BodyBranchFacts, SchemaFacts, SpecFacts } from "@contracts/codegen/registry";
import type { TopupRequestForm, TransferType } from "@contracts/topup";
import { TopupCurrencyValues, operationTable as topupOperations } from "@contracts/topup/spec";
import type { AccountsResponse } from "@contracts/upmobile";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import { z } from "zod";
import { topupSpec, upmobileSpec } from "./spec-facts.js";

// --- Facts of the specs ---------------------------------------------------------------------------------------

/** The object form of a request body: its only one, or the branch whose `tag` property is `value`. */
function bodyForm(spec: SpecFacts, operationId: string, tag?: { property: string; value: string }): BodyBranchFacts {
  const forms = spec.operations[operationId]?.requestBody?.branches ?? [];
  const form = tag
    ? forms.find((f) => f.properties.some((p) => p.name === tag.property && p.const === tag.value))
    : forms.length === 1
      ? forms[0]
      : undefined;
  if (!form) throw new Error(`${spec.api}: no single form of ${operationId}'s body${tag ? ` for ${tag.value}` : ""}.`);
  return form;
}

/** What the spec states for a property (its `pattern`, `minimum`, `maxLength`, …); throws when it states nothing. */
export function stated<K extends "pattern" | "minimum" | "minLength" | "maxLength">(
  form: Pick<BodyBranchFacts, "pointer" | "properties">,
  name: string,
  key: K,
): NonNullable<SchemaFacts[K]> {
  const value = form.properties.find((p) => p.name === name)?.[key];
  if (value === undefined) throw new Error(`${form.pointer}/properties/${name} states no ${key}.`);
  return value as NonNullable<SchemaFacts[K]>;
}

const patternOf = (form: BodyBranchFacts, name: string) => new RegExp(stated(form, name, "pattern"));

/** A component schema's facts (its own rules, and its properties'). */
function upmobileSchema(name: string) {
  const found = upmobileSpec.schemas[name];
  if (!found) throw new Error(`The Upmobile spec has no schema ${name}.`);
  return found;
}

/** WithdrawalRequest, the InitWithdrawal body. */
export const WITHDRAWAL = bodyForm(upmobileSpec, "InitWithdrawal");
const ACCOUNT = upmobileSchema("Account");
const BANK_TRANSFER: TransferType = "from_bank_transfer";
const ACCEPT_BALANCE: TransferType = "from_accept_balance";
const TOPUP_TAG = "type" satisfies keyof TopupRequestForm;
const BANK_TRANSFER_FORM = bodyForm(topupSpec, "CreateTopupRequest", { property: TOPUP_TAG, value: BANK_TRANSFER });
const ACCEPT_BALANCE_FORM = bodyForm(topupSpec, "CreateTopupRequest", { property: TOPUP_TAG, value: ACCEPT_BALANCE });
/** The proof file part's limits: `x-max-bytes` and `x-content-types` as the operation table carries them. */
export const PROOF = topupOperations.CreateTopupRequest.requestBody.files.to_attach_proof;
const PROOF_CONTENT_TYPES: ReadonlySet<string> = new Set(PROOF.contentTypes);
// The constants are typed against the generated types, so a changed constant fails the type check.
const SUCCESS: AccountsResponse["status"] = "success";
const SUCCESS_CODE: AccountsResponse["status_code"] = 200;

/** The media type of a Blob without parameters, lower-cased, as the generated runtime compares it. */
const mediaType = (blob: Blob) => (blob.type.split(";")[0] ?? "").trim().toLowerCase();

// --- Upmobile -------------------------------------------------------------------------------------------------

const decimal = z.string().regex(patternOf(ACCOUNT, "balance"));
const anyCurrencyCode = z.string().regex(patternOf(ACCOUNT, "currency_code"));
// the spec's date-time is RFC 3339, which allows an offset as well as Z.
const dateTime = z.iso.datetime({ offset: true });

/** WithdrawalRequest (InitWithdrawal body): unknown fields are rejected. */
export const withdrawalRequest = z.strictObject({
  account_id: z.uuid(),
  amount: z.string().regex(patternOf(WITHDRAWAL, "amount")),
  category_code: z.enum(CategoryCodeValues),
  currency_code: z.enum(CurrencyCodeValues),
  destination: z
    .string()
    .min(stated(WITHDRAWAL, "destination", "minLength"))
    .max(stated(WITHDRAWAL, "destination", "maxLength")),
  operator_code: z.string().regex(patternOf(WITHDRAWAL, "operator_code")),
  region_code: z.enum(RegionCodeValues),
});

const account = z.looseObject({
  balance: decimal,
  created_at: dateTime,
  currency_code: anyCurrencyCode,
  held_balance: decimal,
  id: z.uuid(),
  name: z.string(),
  owner_id: z.uuid().optional(),
  // open enums (x-open-enum): any string.
  status: z.string(),
  type: z.string(),
});

/** AccountsResponse (GetAccounts 200): unknown fields are tolerated. */
export const accountsResponse = z.looseObject({
  data: z.looseObject({
    accounts: z.array(account),
    pages: z.int().min(stated(upmobileSchema("AccountsPage"), "pages", "minimum")),
  }),
  status: z.literal(SUCCESS),
  status_code: z.literal(SUCCESS_CODE),
});

// --- Topup ----------------------------------------------------------------------------------------------------

// both forms share amount and currency; written once, with the bank form's rule.
const topupAmount = z.int().min(stated(BANK_TRANSFER_FORM, "amount", "minimum"));
const topupCurrency = z.enum(TopupCurrencyValues);
const text = (form: typeof BANK_TRANSFER_FORM, name: string) => z.string().min(stated(form, name, "minLength"));

const bankTransferForm = z.strictObject({
  amount: topupAmount,
  [TOPUP_TAG]: z.literal(BANK_TRANSFER),
  currency: topupCurrency,
  from_bank: text(BANK_TRANSFER_FORM, "from_bank"),
  from_account_number: text(BANK_TRANSFER_FORM, "from_account_number"),
  from_account_name: text(BANK_TRANSFER_FORM, "from_account_name"),
  from_date: z.iso.date(),
  to_attach_proof: z
    .instanceof(Blob)
    .refine((blob) => blob.size <= PROOF.maxBytes, { message: `must be at most ${PROOF.maxBytes} bytes` })
    .refine((blob) => PROOF_CONTENT_TYPES.has(mediaType(blob)), {
      message: `must be one of these file types: ${PROOF.contentTypes.join(", ")}`,
    }),
});

const acceptBalanceForm = z.strictObject({
  amount: topupAmount,
  [TOPUP_TAG]: z.literal(ACCEPT_BALANCE),
  currency: topupCurrency,
  username: text(ACCEPT_BALANCE_FORM, "username"),
});

/** TopupRequestForm (CreateTopupRequest body): `type` picks the branch. */
export const topupRequestForm = z.discriminatedUnion(TOPUP_TAG, [bankTransferForm, acceptBalanceForm]);
