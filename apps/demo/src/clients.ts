import { createTopupClient } from "@contracts/topup";
import { createUpmobileClient } from "@contracts/upmobile";
import { type ApiSettings, baseUrlProblem } from "./settings";
import type { ApiContext } from "./shared/api-errors";

/** A ready client with what messages need to name it, or why there is none. */
export type Connection<Client> = { client: Client; context: ApiContext; problem?: undefined } | { problem: string };

/** An Upmobile client for the settings; every call of the app goes through it. */
export const connectUpmobile = (settings: ApiSettings) => connect(settings, "Upmobile", createUpmobileClient);

/** A Topup client for the settings. */
export const connectTopup = (settings: ApiSettings) => connect(settings, "Topup", createTopupClient);

function connect<Client>(
  { baseUrl, token }: ApiSettings,
  api: ApiContext["api"],
  create: (options: { baseUrl: string; token?: string }) => Client,
): Connection<Client> {
  const problem = baseUrlProblem(baseUrl);
  if (problem) return { problem: `${api}: ${problem}` };
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  // an empty token sends no Authorization header, so the server answers 401 and the UI says so.
  const client = create({ baseUrl: trimmed, token: token === "" ? undefined : token });
  return { client, context: { api, baseUrl: trimmed } };
}
