import type { AcceptBalanceTopupForm, BankTransferTopupForm, TopupRequest } from "../../src/index.js";
import { operationTable } from "../../src/spec.js";

/** The proof's rule, read from the operation table so that the tests follow the spec's `x-max-bytes`. */
export const PROOF_RULE = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof;
export const MAX_PROOF_BYTES: number = PROOF_RULE.maxBytes;

/** The sentence the client gives for a proof of `size` bytes over the limit. */
export const oversizeMessage = (size: number) =>
  `to_attach_proof must be at most ${MAX_PROOF_BYTES.toLocaleString("en-US")} bytes ` +
  `(${(MAX_PROOF_BYTES / 1024 / 1024).toFixed(1)} MB); this file has ${size.toLocaleString("en-US")} bytes.`;

/** A small PDF-typed Blob to stand for the proof. */
export const pdfBlob = (size = 4, type = "application/pdf") => new Blob([new Uint8Array(size)], { type });

/** The seed's bank transfer request, with the given proof. */
export const bankTransferForm = (proof: Blob = pdfBlob()): BankTransferTopupForm => ({
  amount: 1000,
  type: "from_bank_transfer",
  currency: "egyptian_pound",
  from_bank: "Commercial International Bank",
  from_account_number: "1234567890",
  from_account_name: "John Doe",
  from_date: "2024-01-15",
  to_attach_proof: proof,
});

/** The seed's Accept balance transfer request. */
export const acceptBalanceForm: AcceptBalanceTopupForm = {
  amount: 500,
  type: "from_accept_balance",
  currency: "egyptian_pound",
  username: "accept_user_123",
};

/** The seed's pending bank transfer record. */
export const pendingBankRequest: TopupRequest = {
  id: 123,
  client_id: 456,
  amount: "1000.00",
  transfer_type: "from_bank_transfer",
  username: null,
  from_bank: "Commercial International Bank",
  to_bank: "CIB",
  from_account_number: "1234567890",
  to_account_number: "9876543210",
  from_account_name: "John Doe",
  to_account_name: "PayMob Company",
  from_date: "2024-01-15",
  to_attach_proof: "/media/transfer_request_attach/abc12_proof.pdf",
  automatic: false,
  accept_balance_transfer_id: null,
  status: "pending",
  reason: null,
};

/** The seed's pending Accept balance record. */
export const acceptBalanceRequest: TopupRequest = {
  ...pendingBankRequest,
  id: 124,
  amount: "500.00",
  transfer_type: "from_accept_balance",
  username: "accept_user_123",
  from_bank: null,
  to_bank: null,
  from_account_number: null,
  to_account_number: null,
  from_account_name: null,
  to_account_name: null,
  from_date: null,
  to_attach_proof: null,
};
