/**
 * The inputs every contender sees: one valid and one invalid value per scenario, built once and reused so each
 * contender validates the very same objects. The valid request bodies are the spec's own examples.
 */
import type { ExampleFacts, SpecFacts } from "@contracts/codegen/registry";
import { AccountStatusValues, AccountTypeValues } from "@contracts/upmobile/spec";
import { topupSpec, upmobileSpec } from "./spec-facts.js";

export interface Inputs {
  valid: unknown;
  invalid: unknown;
}

/**
 * A copy of the named example of an operation's request body (a flat object): a shallow copy, so its strings
 * stay the module's own interned literals; a structured clone makes new strings, which every contender then
 * compares more slowly (a few percent on a valid body).
 */
function bodyExample(spec: SpecFacts, operationId: string, name: string): Record<string, unknown> {
  const examples: readonly ExampleFacts[] = spec.operations[operationId]?.requestBody?.examples ?? [];
  const example = examples.find((e) => e.name === name);
  if (!example) throw new Error(`${spec.api}: ${operationId}'s request body has no example "${name}".`);
  return { ...(example.value as Record<string, unknown>) };
}

/** A valid InitWithdrawal body (WithdrawalRequest): the spec's example. */
export function withdrawalInputs(): Inputs {
  const valid = bodyExample(upmobileSpec, "InitWithdrawal", "mobileRub");
  // Three broken rules: a zero amount (PositiveDecimal), an upper-case operator code (pattern), an unknown field.
  const invalid = { ...valid, amount: "0.00", operator_code: "Beeline", note: "unknown field" };
  return { valid, invalid };
}

// an account's currency_code is any code of 3 to 5 capitals (AnyCurrencyCode), not the CurrencyCode enum.
const CURRENCIES = ["USD", "RUB", "USDT"] as const;
const TIMES = ["2022-02-24T00:00:00Z", "2023-05-01T12:34:56.789Z", "2021-06-01T09:30:00+03:00"] as const;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

function account(i: number): Record<string, unknown> {
  const a: Record<string, unknown> = {
    balance: `${(i * 7919) % 100000}.${String(i % 100).padStart(2, "0")}`,
    created_at: TIMES[i % TIMES.length],
    currency_code: CURRENCIES[i % CURRENCIES.length],
    held_balance: i % 4 === 0 ? "0" : `${i}.5`,
    id: `3f0c9a52-8d1e-4b7a-9c21-${hex(i, 12)}`,
    name: `Account number ${i}`,
    status: AccountStatusValues[i % AccountStatusValues.length],
    type: AccountTypeValues[i % AccountTypeValues.length],
  };
  if (i % 2 === 0) a.owner_id = `9b2d7e14-3a6c-4f58-b1e9-${hex(1000 + i, 12)}`;
  return a;
}

const page = (accounts: Record<string, unknown>[]) => ({
  data: { accounts, pages: 3 },
  status: "success",
  status_code: 200,
});

/** A valid GetAccounts 200 body holding one page of `count` accounts. */
export function accountsPage(count: number) {
  return page(Array.from({ length: count }, (_, i) => account(i)));
}

/** A GetAccounts 200 body holding one page of 100 accounts. */
export function accountsInputs(): Inputs {
  const valid = accountsPage(100);
  // Two broken rules deep in the page: a malformed id on account 50 and a negative balance on the last account.
  const broken = Array.from({ length: 100 }, (_, i) => account(i));
  broken[50] = { ...broken[50], id: "not-a-uuid" };
  broken[99] = { ...broken[99], balance: "-1.00" };
  return { valid, invalid: page(broken) };
}

/** A CreateTopupRequest body for a bank transfer (the spec's example), with a small PDF Blob as the proof. */
export function topupInputs(): Inputs {
  const pdf = new TextEncoder().encode(`%PDF-1.4\n${"0".repeat(1024)}\n%%EOF\n`);
  // the example names its file ("proof.pdf"); a client sends the file itself.
  const valid = {
    ...bodyExample(topupSpec, "CreateTopupRequest", "bankTransfer"),
    to_attach_proof: new Blob([pdf], { type: "application/pdf" }),
  };
  // Three broken rules: amount below 1, an impossible date, and a proof of a type that is not allowed.
  const invalid = {
    ...valid,
    amount: 0,
    from_date: "2024-02-30",
    to_attach_proof: new Blob([pdf], { type: "text/plain" }),
  };
  return { valid, invalid };
}
