import type { Account, Operation } from "@contracts/upmobile";
import { formatAmount } from "../money.js";
import { PROVIDER_OWNER_ID, SETTLEMENT_ACCOUNT, type UpmobilePrincipal } from "../seed.js";
import type { KnownOperator } from "./catalog.js";
import type { AccountRecord, OperationRecord } from "./ledger.js";

/** An account as the API shows it; `owner_id` only for a caller allowed to see owners. */
export function accountView(account: AccountRecord, principal: UpmobilePrincipal): Account {
  return {
    balance: formatAmount(account.balance, account.decimals),
    created_at: account.createdAt,
    currency_code: account.currency,
    held_balance: formatAmount(account.held, account.decimals),
    id: account.id,
    name: account.name,
    ...(principal.canSeeOwners ? { owner_id: account.ownerId } : {}),
    status: account.status,
    type: account.type,
  };
}

/** The operator's provider-side receiving account (shown, not booked: the sandbox keeps no provider books). */
function settlementAccountView(operator: KnownOperator, principal: UpmobilePrincipal): Account {
  return {
    balance: SETTLEMENT_ACCOUNT.balance,
    created_at: SETTLEMENT_ACCOUNT.createdAt,
    currency_code: SETTLEMENT_ACCOUNT.currency,
    held_balance: "0.00",
    id: operator.settlementAccountId,
    name: `${operator.names.en} settlement`,
    ...(principal.canSeeOwners ? { owner_id: PROVIDER_OWNER_ID } : {}),
    status: "active",
    type: "business",
  };
}

/** An operation as the API shows it, with its source account as it stands now. */
export function operationView(
  operation: OperationRecord,
  account: AccountRecord,
  principal: UpmobilePrincipal,
): Operation {
  const format = (units: bigint) => formatAmount(units, account.decimals);
  return {
    amount: format(operation.amount),
    breakdown: [{ amount: format(operation.commission), currency_code: operation.currency, kind: "commission" }],
    category_code: operation.category,
    created_at: operation.createdAt,
    currency_code: operation.currency,
    destination: operation.destination,
    from_account: accountView(account, principal),
    from_account_id: account.id,
    id: operation.id,
    operator_code: operation.operator.code,
    receiver_label: "",
    sender_label: operation.senderLabel,
    status: operation.status,
    to_account: settlementAccountView(operation.operator, principal),
    to_account_id: operation.operator.settlementAccountId,
    type: "withdrawal",
  };
}
