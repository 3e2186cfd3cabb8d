import { AuthenticationError, type HarRecorder, HttpError, type TokenProvider } from "@contracts/runtime";
import { createTopupClient } from "./client.js";
import type { TokenResponse } from "./generated/schema.gen.js";

export interface TopupCredentials {
  /** The API's base URL, the same one the topup client uses. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Renew this long before the access token expires (default 60 s), so no request carries a dying token. */
  refreshBeforeExpiryMs?: number;
  fetch?: (request: Request) => Promise<Response>;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Records the token calls too (their form and answer redacted), e.g. the recorder the topup client uses. */
  recorder?: HarRecorder;
}

interface TokenState {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/**
 * A TokenProvider for Paymob's OAuth2 password grant (`POST /o/token/`). It fetches a token on first use, renews it
 * shortly before expiry with the refresh token, and falls back to the password grant when the refresh token is
 * refused. Refresh tokens are single-use and rotate, so every renewal is single-flight: however many requests need
 * a token at once, one token call is made and a refresh token is never sent twice.
 */
export function createTopupTokenProvider(credentials: TopupCredentials): TokenProvider & {
  /** Forgets the tokens; the next request logs in again with the password grant. */
  reset(): void;
} {
  const { clientId, clientSecret, username, password, refreshBeforeExpiryMs = 60_000, now = Date.now } = credentials;
  const { baseUrl, fetch, recorder } = credentials;
  const client = createTopupClient({ baseUrl, fetch, recorder, retry: false });
  let state: TokenState | null = null;
  let inflight: Promise<TokenState> | null = null;

  async function grant(body: Record<string, string>): Promise<TokenState> {
    const { data, error, response } = await client
      .POST("/o/token/", { body: { ...body, client_id: clientId, client_secret: clientSecret } as never })
      .catch((thrown: unknown) => {
        // A lockout page or a proxy's answer is still a refusal to authenticate; the HttpError says what came.
        if (thrown instanceof HttpError) throw new AuthenticationError(thrown.status, thrown.body, { cause: thrown });
        throw thrown;
      });
    if (!data) throw new AuthenticationError(response.status, error);
    return toState(data);
  }

  function toState(token: TokenResponse): TokenState {
    return {
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      expiresAt: now() + token.expires_in * 1000,
    };
  }

  async function renew(): Promise<TokenState> {
    const refreshToken = state?.refreshToken;
    state = null;
    if (refreshToken) {
      try {
        return await grant({ grant_type: "refresh_token", refresh_token: refreshToken });
      } catch (error) {
        // a refused (already used or expired) refresh token is not fatal; the password grant starts afresh.
        if (!(error instanceof AuthenticationError)) throw error;
      }
    }
    return grant({ grant_type: "password", username, password });
  }

  function renewOnce(): Promise<TokenState> {
    inflight ??= renew()
      .then((next) => {
        state = next;
        return next;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    async getToken() {
      if (inflight) return (await inflight).accessToken;
      if (state && now() < state.expiresAt - refreshBeforeExpiryMs) return state.accessToken;
      return (await renewOnce()).accessToken;
    },
    async refresh(rejectedToken) {
      if (inflight) return (await inflight).accessToken;
      // Another request already replaced the rejected token: use the new one rather than refreshing again.
      if (state && state.accessToken !== rejectedToken) return state.accessToken;
      return (await renewOnce()).accessToken;
    },
    reset() {
      state = null;
    },
  };
}
