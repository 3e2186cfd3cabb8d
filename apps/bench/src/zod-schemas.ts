/**
 * Zod 4 schemas written by hand to match the specs rule for rule, with the facts (patterns, enums, limits) the
 * other hand-written contenders read: closed (strict) objects for requests, open (loose) objects for responses; a
 * discriminated union for the topup form, whose proof is a Blob checked for size and content type.
 */
import { TopupCurrencyValues } from "@contracts/topup/spec";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import { z } from "zod";
import {
  ACCEPT_BALANCE,
  ACCEPT_BALANCE_FORM,
  ANY_CURRENCY_CODE,
  BANK_TRANSFER,
  BANK_TRANSFER_FORM,
  DECIMAL,
  limit,
  mediaType,
  OPERATOR_CODE,
  PAGES_MINIMUM,
  POSITIVE_DECIMAL,
  PROOF,
  PROOF_CONTENT_TYPES,
  SUCCESS,
  SUCCESS_CODE,
  TOPUP_TAG,
  WITHDRAWAL,
} from "./hand-rules.js";

// --- Upmobile -------------------------------------------------------------------------------------------------

const decimal = z.string().regex(DECIMAL);
const anyCurrencyCode = z.string().regex(ANY_CURRENCY_CODE);
// Note: the spec's date-time is RFC 3339, which allows an offset as well as Z.
const dateTime = z.iso.datetime({ offset: true });

/** WithdrawalRequest (InitWithdrawal body): unknown fields are rejected. */
export const withdrawalRequest = z.strictObject({
  account_id: z.uuid(),
  amount: z.string().regex(POSITIVE_DECIMAL),
  category_code: z.enum(CategoryCodeValues),
  currency_code: z.enum(CurrencyCodeValues),
  destination: z
    .string()
    .min(limit(WITHDRAWAL, "destination", "minLength"))
    .max(limit(WITHDRAWAL, "destination", "maxLength")),
  operator_code: z.string().regex(OPERATOR_CODE),
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
  // Note: open enums (x-open-enum): any string.
  status: z.string(),
  type: z.string(),
});

/** AccountsResponse (GetAccounts 200): unknown fields are tolerated. */
export const accountsResponse = z.looseObject({
  data: z.looseObject({
    accounts: z.array(account),
    pages: z.int().min(PAGES_MINIMUM),
  }),
  status: z.literal(SUCCESS),
  status_code: z.literal(SUCCESS_CODE),
});

// --- Topup ----------------------------------------------------------------------------------------------------

// Note: both forms share amount and currency; written once, with the bank form's rule.
const topupAmount = z.int().min(limit(BANK_TRANSFER_FORM, "amount", "minimum"));
const topupCurrency = z.enum(TopupCurrencyValues);
const text = (form: typeof BANK_TRANSFER_FORM, name: string) => z.string().min(limit(form, name, "minLength"));

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
