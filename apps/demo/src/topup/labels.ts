import type { TopupCurrency, TransferType } from "@contracts/topup";

/** People's names for the generated enum values (a Record over the generated type, so a new value fails tsc). */
export const TYPE_LABELS: Record<TransferType, string> = {
  from_bank_transfer: "Bank transfer (with proof)",
  from_accept_balance: "Accept balance",
};

export const CURRENCY_LABELS: Record<TopupCurrency, string> = {
  egyptian_pound: "Egyptian pound (EGP)",
  american_dollar: "US dollar (USD)",
};
