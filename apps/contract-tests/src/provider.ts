/** Where the suite sends its requests, and what the provider can do beyond the spec. */
export interface Provider {
  /** A label for reports: "prism", "sandbox", or whatever CONTRACT_PROVIDER says. */
  name: string;
  upmobile: { url: string; token: string };
  topup: { url: string; token: string };
  /** Paymob OAuth credentials the provider accepts at /o/token/, when known (Prism accepts any). */
  topupCredentials?: { client_id: string; client_secret: string; username: string; password: string };
  /** Whether the provider honours Prism's `Prefer: code=…` header, which lets the suite reach 500s and the like. */
  honoursPrefer: boolean;
}

/**
 * The provider named by the environment, if any: UPMOBILE_BASE_URL / UPMOBILE_TOKEN and TOPUP_BASE_URL /
 * TOPUP_TOKEN (all four, or none), optionally TOPUP_CLIENT_ID, TOPUP_CLIENT_SECRET, TOPUP_USERNAME, TOPUP_PASSWORD.
 */
export function providerFromEnv(env: NodeJS.ProcessEnv = process.env): Provider | undefined {
  const names = ["UPMOBILE_BASE_URL", "UPMOBILE_TOKEN", "TOPUP_BASE_URL", "TOPUP_TOKEN"] as const;
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    const missing = names.filter((n) => !env[n]);
    throw new Error(
      `Set all of ${names.join(", ")} to test a provider, or none to test the Prism mocks; missing: ${missing.join(", ")}.`,
    );
  }
  const credentials =
    env.TOPUP_CLIENT_ID && env.TOPUP_CLIENT_SECRET && env.TOPUP_USERNAME && env.TOPUP_PASSWORD
      ? {
          client_id: env.TOPUP_CLIENT_ID,
          client_secret: env.TOPUP_CLIENT_SECRET,
          username: env.TOPUP_USERNAME,
          password: env.TOPUP_PASSWORD,
        }
      : undefined;
  return {
    name: env.CONTRACT_PROVIDER ?? "provider",
    upmobile: { url: env.UPMOBILE_BASE_URL as string, token: env.UPMOBILE_TOKEN as string },
    topup: { url: env.TOPUP_BASE_URL as string, token: env.TOPUP_TOKEN as string },
    topupCredentials: credentials,
    honoursPrefer: env.CONTRACT_HONOURS_PREFER === "true",
  };
}
