import type { Account, Operation, OperationStatus } from "../../src/index.js";

/** A valid account whose id ends in the given number, so pages can be told apart. */
export function account(n: number): Account {
  return {
    balance: "100.00",
    created_at: "2022-02-24T00:00:00Z",
    currency_code: "USD",
    held_balance: "0.00",
    id: `0f8e2c1a-3b4d-4e5f-8a9b-${String(n).padStart(12, "0")}`,
    name: `Account ${n}`,
    status: "active",
    type: "personal",
  };
}

export const OPERATION_ID = "5d2f7a10-8c3e-4b6a-9f1d-2e4c6a8b0d13";

/** A valid withdrawal operation in the given status, wrapped in the success envelope. */
export function operationEnvelope(status: OperationStatus): { data: Operation; status: "success"; status_code: 200 } {
  return {
    data: {
      amount: "100.00",
      category_code: "mobile",
      created_at: "2022-02-24T00:00:00Z",
      currency_code: "RUB",
      destination: "+79999999999",
      from_account: account(1),
      from_account_id: account(1).id,
      id: OPERATION_ID,
      operator_code: "beeline",
      receiver_label: "",
      sender_label: "John Doe",
      status,
      to_account: account(2),
      to_account_id: account(2).id,
      type: "withdrawal",
    },
    status: "success",
    status_code: 200,
  };
}
