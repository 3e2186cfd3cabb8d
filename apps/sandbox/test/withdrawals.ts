import { setTimeout as sleep } from "node:timers/promises";

/** The accounts the process tests draw on (from the seed). */
export const MAIN_RUB = "5b7e2c14-9a3d-4f61-8e2b-1c0d9f8a7b61";
export const ANNA_RUB = "1f2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8";
export const ANNA_TOKEN = "sandbox-upmobile-anna-token";

export type Api = { url: string; token: string };

/** POST /withdrawals with a raw fetch: the status and parsed body, or undefined when the connection died. */
export async function withdraw(api: Api, accountId: string, amount: string, destination = "+79990000000") {
  try {
    const response = await fetch(`${api.url}/withdrawals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${api.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        account_id: accountId,
        amount,
        currency_code: "RUB",
        category_code: "mobile",
        operator_code: "beeline",
        region_code: "RU",
        destination,
      }),
    });
    return { status: response.status, body: (await response.json()) as { data?: { id: string }; code?: string } };
  } catch {
    // the server died before the whole answer arrived: the outcome is unknown to this client.
    return undefined;
  }
}

/** An account as the API shows it. */
export async function account(api: Api, id: string) {
  const response = await fetch(`${api.url}/accounts?page_size=100`, {
    headers: { Authorization: `Bearer ${api.token}` },
  });
  const { data } = (await response.json()) as {
    data: { accounts: { id: string; balance: string; held_balance: string }[] };
  };
  const found = data.accounts.find((a) => a.id === id);
  if (!found) throw new Error(`Account ${id} is not listed.`);
  return found;
}

/** Polls until every hold on the account is settled or released (the sandbox clock runs on its own). */
export async function settled(api: Api, id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await account(api, id);
    if (now.held_balance === "0.00") return now;
    if (Date.now() > deadline) throw new Error(`Account ${id} still holds ${now.held_balance} after ${timeoutMs} ms.`);
    await sleep(25);
  }
}

/** An operation's status as the API shows it (HTTP status and operation status). */
export async function operationStatus(api: Api, id: string) {
  const response = await fetch(`${api.url}/operations/${id}`, { headers: { Authorization: `Bearer ${api.token}` } });
  const body = (await response.json()) as { data?: { status: string } };
  return { http: response.status, status: body.data?.status };
}

/** Kopecks as the API's decimal string. */
export const rub = (kopecks: bigint) => `${kopecks / 100n}.${(kopecks % 100n).toString().padStart(2, "0")}`;
