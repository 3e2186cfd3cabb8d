import { createTopupClient } from "@contracts/topup";
import { createUpmobileClient, type UpmobileClient, waitForOperation } from "@contracts/upmobile";
import { afterAll } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../src/index.js";

const started = new Set<Sandbox>();
// registered when this module loads (once per test file), not from inside a test, where vitest ignores it.
afterAll(() => Promise.all([...started].map((sandbox) => sandbox.stop())));

/** A sandbox on a free port with a fast clock, stopped after the file's tests. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, operationStepMs: 20, ...options });
  started.add(sandbox);
  return sandbox;
}

/** An Upmobile client that also checks every response against the spec. */
export const upmobileClient = (sandbox: Sandbox, token = sandbox.upmobile.token) =>
  createUpmobileClient({ baseUrl: sandbox.upmobile.url, token, validate: { response: true }, retry: false });

/** A Paymob client that also checks every response against the spec; request validation can be turned off. */
export const topupClient = (sandbox: Sandbox, token: string = sandbox.topup.token, validateRequest = true) =>
  createTopupClient({
    baseUrl: sandbox.topup.url,
    token,
    validate: { request: validateRequest, response: true },
    retry: false,
  });

/** Polls quickly: the test sandboxes step every 20 ms. */
export const settle = (client: UpmobileClient, id: string) =>
  waitForOperation(client, id, { intervalMs: 10, maxIntervalMs: 40, timeoutMs: 10_000 });

/** The example withdrawal of the spec, against a given account. */
export const withdrawal = (account_id: string, overrides: Record<string, string> = {}) => ({
  account_id,
  amount: "100.00",
  currency_code: "RUB" as const,
  category_code: "mobile" as const,
  operator_code: "beeline",
  region_code: "RU" as const,
  destination: "+79999999999",
  ...overrides,
});

/** An account's balance and held balance as the API shows them. */
export async function books(client: UpmobileClient, id: string) {
  const { data } = await client.GET("/accounts", { params: { query: { page_size: 100 } } });
  const account = data?.data.accounts.find((a) => a.id === id);
  if (!account) throw new Error(`Account ${id} is not listed.`);
  return { balance: account.balance, held: account.held_balance };
}

/** A PDF-typed File of the given size that starts like a PDF (the sandbox checks the first bytes). */
export const pdf = (bytes: number, name = "proof.pdf") => {
  const content = new Uint8Array(bytes);
  content.set(new TextEncoder().encode("%PDF-1.4\n").subarray(0, bytes));
  return new File([content], name, { type: "application/pdf" });
};
