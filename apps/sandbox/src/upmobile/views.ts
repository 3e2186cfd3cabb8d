import type { Account, Operation, OperationBreakdownItem } from "@contracts/upmobile";
import { formatAmount } from "../money.js";
import { SETTLEMENT_ACCOUNT, type UpmobilePrincipal } from "../seed.js";
import { CURRENCIES, findOperator, type KnownOperator } from "./catalog.js";
import type { AccountRecord, OperationRecord } from "./ledger.js";
import { statusAt } from "./lifecycle.js";

/** An account as the API shows it; `owner_id` only for a caller allowed to see owners. */
export function accountView(account: Omit<AccountRecord, "position">, principal: UpmobilePrincipal): Account {
  return {
    balance: formatAmount(BigInt(account.balance), Number(account.decimals)),
    created_at: account.created_at,
    currency_code: account.currency,
    held_balance: formatAmount(BigInt(account.held), Number(account.decimals)),
    id: account.id,
    name: account.name,
    ...(principal.canSeeOwners ? { owner_id: account.owner_id } : {}),
    status: account.status,
    type: account.type,
  };
}

const settlementAccountView = (operator: KnownOperator, principal: UpmobilePrincipal): Account =>
  accountView(
    { ...SETTLEMENT_ACCOUNT, id: operator.settlementAccountId, name: `${operator.names.en} settlement` },
    principal,
  );

/** How the account paid: the commission alone in one currency, else `exchange` and commission in the account's. */
function breakdownOf(operation: OperationRecord, account: AccountRecord): OperationBreakdownItem[] {
  const inAccount = (units: bigint | number | string) => formatAmount(BigInt(units), Number(account.decimals));
  // in one currency the converted commission (`fee`) is the commission itself.
  const commission = { amount: inAccount(operation.fee), currency_code: account.currency, kind: "commission" } as const;
  if (operation.currency === account.currency) return [commission];
  return [{ amount: inAccount(operation.exchange), currency_code: account.currency, kind: "exchange" }, commission];
}

/** An operation as the API shows it at `now`, with its source account as it stands. */
export function operationView(
  operation: OperationRecord,
  account: AccountRecord,
  principal: UpmobilePrincipal,
  now: number,
): Operation {
  const operator = findOperator(operation.category, operation.operator_code);
  if (!operator) throw new Error(`Operation ${operation.id} is stored with an unknown operator.`);
  const createdAt = Number(operation.created_at);
  return {
    amount: formatAmount(BigInt(operation.amount), CURRENCIES[operation.currency].decimals),
    breakdown: breakdownOf(operation, account),
    category_code: operation.category,
    created_at: new Date(createdAt).toISOString(),
    currency_code: operation.currency,
    destination: operation.destination,
    from_account: accountView(account, principal),
    from_account_id: account.id,
    id: operation.id,
    operator_code: operator.code,
    receiver_label: operation.receiver_label,
    sender_label: operation.sender_label,
    status: statusAt({ createdAt, stepMs: Number(operation.step_ms), outcome: operation.outcome }, now),
    to_account: settlementAccountView(operator, principal),
    to_account_id: operator.settlementAccountId,
    type: "withdrawal",
  };
}
