/**
 * Zod 4 schemas written by hand to match the specs rule for rule: the same patterns, enums and formats; closed
 * (strict) objects for requests, open (loose) objects for responses; a discriminated union for the topup form, whose
 * proof is a Blob checked for size and content type.
 */
import { z } from "zod";

// --- Upmobile -------------------------------------------------------------------------------------------------

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$/);
const positiveDecimal = z.string().regex(/^(?!0+(\.0+)?$)(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$/);
const categoryCode = z.enum(["mobile", "crypto", "game"]);
const currencyCode = z.enum(["RUB", "USD"]);
const regionCode = z.enum(["RU"]);
const operatorCode = z.string().regex(/^[a-z0-9_]{1,32}$/);
const anyCurrencyCode = z.string().regex(/^[A-Z]{3,5}$/);
// Note: the spec's date-time is RFC 3339, which allows an offset as well as Z.
const dateTime = z.iso.datetime({ offset: true });

/** WithdrawalRequest (InitWithdrawal body): unknown fields are rejected. */
export const withdrawalRequest = z.strictObject({
  account_id: z.uuid(),
  amount: positiveDecimal,
  category_code: categoryCode,
  currency_code: currencyCode,
  destination: z.string().min(1).max(64),
  operator_code: operatorCode,
  region_code: regionCode,
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
    pages: z.int().min(0),
  }),
  status: z.literal("success"),
  status_code: z.literal(200),
});

// --- Topup ----------------------------------------------------------------------------------------------------

/** `to_attach_proof`: x-max-bytes and x-content-types of the spec. */
export const PROOF_MAX_BYTES = 2_936_012;
export const PROOF_CONTENT_TYPES: ReadonlySet<string> = new Set(["application/pdf", "image/jpeg", "image/png"]);

/** The media type of a Blob without parameters, lower-cased, as the generated runtime compares it. */
export const mediaType = (blob: Blob) => (blob.type.split(";")[0] ?? "").trim().toLowerCase();

const topupAmount = z.int().min(1);
const topupCurrency = z.enum(["egyptian_pound", "american_dollar"]);
const nonEmpty = z.string().min(1);

const bankTransferForm = z.strictObject({
  amount: topupAmount,
  type: z.literal("from_bank_transfer"),
  currency: topupCurrency,
  from_bank: nonEmpty,
  from_account_number: nonEmpty,
  from_account_name: nonEmpty,
  from_date: z.iso.date(),
  to_attach_proof: z
    .instanceof(Blob)
    .refine((blob) => blob.size <= PROOF_MAX_BYTES, { message: `must be at most ${PROOF_MAX_BYTES} bytes` })
    .refine((blob) => PROOF_CONTENT_TYPES.has(mediaType(blob)), { message: "must be a PDF, JPEG or PNG file" }),
});

const acceptBalanceForm = z.strictObject({
  amount: topupAmount,
  type: z.literal("from_accept_balance"),
  currency: topupCurrency,
  username: nonEmpty,
});

/** TopupRequestForm (CreateTopupRequest body): `type` picks the branch. */
export const topupRequestForm = z.discriminatedUnion("type", [bankTransferForm, acceptBalanceForm]);
