import type { TopupRequest } from "@contracts/topup";

/** The data every sandbox starts from: written into a new database, and added to an older one where missing. */

// Upmobile ----------------------------------------------------------------------------------------------------------

/** Who a token acts for, and whether it may see account owners (`owner_id`). */
export interface UpmobilePrincipal {
  ownerId: string;
  displayName: string;
  canSeeOwners: boolean;
}

const IVAN = "9b2d7e14-3a6c-4f58-b1e9-0c4d2a7f6e31";
const ANNA = "4c8e1f37-2d5a-4b96-a0c3-8e7f6d5c4b21";
/** The account of the spec's examples, which the seeded operations were paid from. */
export const EXAMPLE_ACCOUNT_ID = "3f0c9a52-8d1e-4b7a-9c21-5e6f7a8b9c0d";

/** Every seeded token, by who it acts for; Paymob's never expire. */
export const SEED_TOKENS = {
  /** Ivan Petrov: the default token. */
  upmobile: "sandbox-upmobile-token",
  /** Ivan Petrov again, with the permission to see account owners (`owner_id`). */
  upmobileOwnerView: "sandbox-upmobile-owner-token",
  /** Anna Smirnova: another customer, who sees only her own accounts. */
  upmobileOtherCustomer: "sandbox-upmobile-anna-token",
  /** Paymob's normal client (`sandbox_client`). */
  topup: "sandbox-topup-token",
  /** Paymob's trust user (`sandbox_trusted`). */
  topupTrusted: "sandbox-topup-trusted-token",
} as const;

export const UPMOBILE_PRINCIPALS: ReadonlyMap<string, UpmobilePrincipal> = new Map([
  [SEED_TOKENS.upmobile, { ownerId: IVAN, displayName: "Ivan Petrov", canSeeOwners: false }],
  [SEED_TOKENS.upmobileOwnerView, { ownerId: IVAN, displayName: "Ivan Petrov", canSeeOwners: true }],
  [SEED_TOKENS.upmobileOtherCustomer, { ownerId: ANNA, displayName: "Anna Smirnova", canSeeOwners: false }],
]);

const ACTIVE_PERSONAL = { type: "personal", status: "active" } as const;

/** Customer accounts, in `GetAccounts` order. Ivan's first account is RUB with a large balance. */
export const SEED_ACCOUNTS = [
  {
    id: "5b7e2c14-9a3d-4f61-8e2b-1c0d9f8a7b61",
    owner_id: IVAN,
    name: "Main RUB account",
    currency: "RUB",
    ...ACTIVE_PERSONAL,
    created_at: "2022-02-24T00:00:00Z",
    balance: "1000000.00",
  },
  {
    id: "6c8f3d25-0b4e-4a72-9f3c-2d1e0a9b8c72",
    owner_id: IVAN,
    name: "Dollar account",
    currency: "USD",
    ...ACTIVE_PERSONAL,
    created_at: "2022-03-01T10:00:00Z",
    balance: "5000.00",
  },
  {
    id: "7d904e36-1c5f-4b83-a04d-3e2f1b0c9d83",
    owner_id: IVAN,
    name: "Savings",
    currency: "RUB",
    ...ACTIVE_PERSONAL,
    created_at: "2023-01-15T08:30:00Z",
    balance: "25000.00",
  },
  {
    id: "8ea15f47-2d60-4c94-b15e-4f3a2c1d0e94",
    owner_id: IVAN,
    name: "Frozen dollar account",
    currency: "USD",
    type: "personal",
    status: "blocked",
    created_at: "2023-06-01T12:00:00Z",
    balance: "300.00",
  },
  // the spec's example account, for example-driven tools; after Ivan's own, so his first stays the RUB one.
  {
    id: EXAMPLE_ACCOUNT_ID,
    owner_id: IVAN,
    name: "My Personal Account",
    currency: "USD",
    ...ACTIVE_PERSONAL,
    created_at: "2022-02-24T00:00:00Z",
    balance: "1000.00",
  },
  {
    id: "1f2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8",
    owner_id: ANNA,
    name: "Anna's RUB account",
    currency: "RUB",
    ...ACTIVE_PERSONAL,
    created_at: "2022-05-10T09:00:00Z",
    balance: "50000.00",
  },
  {
    id: "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
    owner_id: ANNA,
    name: "Anna's business USD",
    currency: "USD",
    type: "business",
    status: "active",
    created_at: "2022-05-11T09:00:00Z",
    balance: "100.00",
  },
] as const;

/** GetOperation's examples in the spec: 100.00 and 500.00 RUB to mobile operators, on the example account, settled. */
export const SEED_OPERATIONS = [
  {
    id: "0e8f5b6a-7c4d-4a19-8e2b-3f1a6c9d5e70",
    amount: "100.00",
    operator_code: "beeline",
    destination: "+79999999999",
    receiver_label: "",
    created_at: "2022-02-24T00:00:00Z",
  },
  {
    id: "c4b7e2a9-1d5f-4c83-9a6e-7b0f2d8c1e45",
    amount: "500.00",
    operator_code: "megafon",
    destination: "+79161234567",
    receiver_label: "Mom",
    created_at: "2022-02-25T14:05:12Z",
  },
] as const;
/** Every operator's provider-side receiving account (shown, not booked); its id and name are the operator's. */
export const SETTLEMENT_ACCOUNT = {
  owner_id: "d38f5ca7-be40-4b6c-92ad-7a5e0f8d4b19",
  currency: "RUB",
  decimals: 2,
  type: "business",
  status: "active",
  created_at: "2021-06-01T09:30:00Z",
  balance: 25_000_000n,
  held: 0n,
} as const;

// Topup -------------------------------------------------------------------------------------------------------------

/** A Paymob portal user: its OAuth login, its non-expiring token and the client id its top-up requests carry. */
export interface TopupUser {
  username: string;
  password: string;
  token: string;
  clientId: number;
  trusted: boolean;
}

/** The one OAuth application the sandbox knows. */
export const TOPUP_APP = {
  client_id: "sandbox-client-id-0123456789",
  client_secret: "sandbox-client-secret-0123456789abcdef",
} as const;

export const TOPUP_USERS = [
  { username: "sandbox_client", password: "sandbox-password", token: SEED_TOKENS.topup, clientId: 456, trusted: false },
  {
    username: "sandbox_trusted",
    password: "sandbox-trusted-password",
    token: SEED_TOKENS.topupTrusted,
    clientId: 457,
    trusted: true,
  },
] as const satisfies readonly TopupUser[];

/** Paymob's receiving bank account, filled into every bank-transfer request. */
export const TOPUP_RECEIVING_BANK = {
  to_bank: "CIB",
  to_account_number: "9876543210",
  to_account_name: "PayMob Company",
} as const;

/** The fields of a top-up request that only some requests fill, as a new request has them. */
export const TOPUP_BLANK = {
  username: null,
  from_bank: null,
  to_bank: null,
  from_account_number: null,
  to_account_number: null,
  from_account_name: null,
  to_account_name: null,
  from_date: null,
  to_attach_proof: null,
  automatic: false,
  accept_balance_transfer_id: null,
  reason: null,
  bank_reference: null,
  is_t_plus_two: false,
} as const;

const SEEDED = { ...TOPUP_BLANK, client_id: 456, currency: "egyptian_pound", trust_user: false } as const;

/** Earlier requests of the normal client, so that an inquiry has something to page through. */
export const SEED_TOPUPS: readonly TopupRequest[] = [
  {
    id: 101,
    amount: "1000.00",
    transfer_type: "from_bank_transfer",
    ...SEEDED,
    ...TOPUP_RECEIVING_BANK,
    from_bank: "Commercial International Bank",
    from_account_number: "1234567890",
    from_account_name: "John Doe",
    from_date: "2024-01-09",
    to_attach_proof: "/media/transfer_request_attach/101_proof.pdf",
    status: "approved",
    bank_reference: "FT24010912345",
    created_at: "2024-01-10T09:30:00Z",
    updated_at: "2024-01-10T15:00:00Z",
  },
  {
    id: 102,
    amount: "750.00",
    transfer_type: "from_bank_transfer",
    ...SEEDED,
    ...TOPUP_RECEIVING_BANK,
    from_bank: "Banque Misr",
    from_account_number: "2223334445",
    from_account_name: "John Doe",
    from_date: "2024-01-19",
    to_attach_proof: "/media/transfer_request_attach/102_slip.jpg",
    status: "rejected",
    reason: "Transfer not found in the destination account",
    created_at: "2024-01-20T11:00:00Z",
    updated_at: "2024-01-21T08:00:00Z",
  },
  {
    id: 103,
    amount: "500.00",
    transfer_type: "from_accept_balance",
    ...SEEDED,
    username: "accept_user_123",
    status: "pending",
    created_at: "2024-02-01T10:15:30Z",
    updated_at: "2024-02-01T10:15:30Z",
  },
];
