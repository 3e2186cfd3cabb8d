import { apiEnvName, readApis } from "@contracts/codegen/registry";
import { type ApiName, REPOSITORY_ROOT } from "./spec.js";

/** Where one API is served, and the token the suite sends there. */
export interface ApiTarget {
  url: string;
  token: string;
}

/** Where the suite sends its requests, and what the provider can do beyond the spec. */
export interface Provider {
  /** A label for reports and the report folder: "mocks", "sandbox", or whatever CONTRACT_PROVIDER says. */
  name: string;
  /** The APIs under test; one left out is skipped, with the reason in `missing`. */
  apis: Record<ApiName, ApiTarget>;
  /** Why an API is not tested, e.g. "TOPUP_BASE_URL is not set". */
  missing: Record<ApiName, string>;
  /** Paymob OAuth credentials the provider accepts for the password grant at `/o/token/`, when known. */
  topupCredentials?: Record<"client_id" | "client_secret" | "username" | "password", string>;
  /** Whether the provider honours Prism's `Prefer: code=…, example=…` header (reaches 5xx, 429, …). */
  honoursPrefer: boolean;
  /** Whether the provider keeps state, so that what the suite creates can be read back (Prism keeps none). */
  stateful: boolean;
  /** How long the lifecycle check follows an operation before it stops watching (default 30 s). */
  lifecycleTimeoutMs: number;
}

/** What a case may need beyond the spec; a provider without it skips the case and says why. */
export type Requirement = "prefer" | "oauth-credentials" | "state";

/** Why the provider cannot run a case that needs `requirement`, or null when it can. */
export function unmet(provider: Provider, requirement: Requirement): string | null {
  switch (requirement) {
    case "prefer":
      return provider.honoursPrefer
        ? null
        : "it needs Prism's `Prefer` header, which this provider does not honour (set CONTRACT_HONOURS_PREFER=true if it does)";
    case "oauth-credentials":
      return provider.topupCredentials
        ? null
        : "it needs OAuth credentials the provider issued (set TOPUP_CLIENT_ID, TOPUP_CLIENT_SECRET, TOPUP_USERNAME and TOPUP_PASSWORD)";
    case "state":
      return provider.stateful
        ? null
        : "it needs a provider that keeps state, and this one answers every request from the spec's examples (Prism)";
  }
}

/** The providers the suite starts itself (on free ports on 127.0.0.1) when CONTRACT_PROVIDER names them. */
export type LocalProvider = "mocks" | "sandbox";

/** The provider the environment names: `{ local }` for mocks or sandbox, else the one at each `<API>_BASE_URL`. */
export function providerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  aliases: readonly ApiName[] = readApis(REPOSITORY_ROOT).map((api) => api.alias),
): { local: LocalProvider } | Provider {
  const named = env.CONTRACT_PROVIDER?.trim();
  if (named === "mocks" || named === "sandbox") return { local: named };
  const apis: Provider["apis"] = {};
  const missing: Provider["missing"] = {};
  for (const api of aliases) {
    const names = { url: apiEnvName(api, "BASE_URL"), token: apiEnvName(api, "TOKEN") };
    const url = env[names.url]?.trim();
    const token = env[names.token];
    if (!url) {
      missing[api] = `${names.url} is not set`;
      continue;
    }
    if (!/^https?:\/\/\S+$/.test(url))
      throw new Error(`${names.url} must be an http(s) URL, got ${JSON.stringify(url)}.`);
    if (!token) throw new Error(`${names.url} is set but ${names.token} is not: the suite needs a token for ${api}.`);
    apis[api] = { url: url.replace(/\/+$/, ""), token };
  }
  if (Object.keys(apis).length === 0) {
    const variables = aliases.map((api) => apiEnvName(api, "BASE_URL")).join(" and/or ");
    if (named) throw new Error(`CONTRACT_PROVIDER=${named} names no API: set ${variables}.`);
    return { local: "mocks" };
  }
  const oauth = ["TOPUP_CLIENT_ID", "TOPUP_CLIENT_SECRET", "TOPUP_USERNAME", "TOPUP_PASSWORD"].map((n) => env[n]);
  const [client_id, client_secret, username, password] = oauth;
  const timeout = Number(env.CONTRACT_LIFECYCLE_TIMEOUT_MS ?? 30_000);
  return {
    name: named || "provider",
    apis,
    missing,
    topupCredentials:
      client_id && client_secret && username && password ? { client_id, client_secret, username, password } : undefined,
    honoursPrefer: env.CONTRACT_HONOURS_PREFER === "true",
    stateful: env.CONTRACT_STATELESS !== "true",
    lifecycleTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 30_000,
  };
}

/** Whether findings on assumed parts of the specs are warnings (CONTRACT_EXPLORE=true), for exploring a provider. */
export const exploreMode = (env: NodeJS.ProcessEnv = process.env): boolean => env.CONTRACT_EXPLORE === "true";

/** Whether nothing that moves money is sent (CONTRACT_SAFE); a value but true or false throws, never runs unsafe. */
export function safeMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CONTRACT_SAFE?.trim() ?? "";
  if (value === "true") return true;
  if (value === "" || value === "false") return false;
  throw new Error(`CONTRACT_SAFE must be true or false, got ${JSON.stringify(env.CONTRACT_SAFE)}.`);
}
