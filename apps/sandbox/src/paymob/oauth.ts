import { randomBytes } from "node:crypto";
import type { OAuthErrorResponse, TokenResponse } from "@contracts/topup";
import { PAYMOB_APP, PAYMOB_STATIC_TOKENS, PAYMOB_USERS, type PaymobUser } from "../seed.js";

/** Access tokens live this long, as at Paymob. */
export const ACCESS_TOKEN_SECONDS = 3600;

/** A token pair was issued; `replaces` is the refresh token it was exchanged for (now spent). */
export interface TokenIssued {
  type: "token.issued";
  at: number;
  username: string;
  access_token: string;
  refresh_token: string;
  replaces?: string;
}

export type GrantResult =
  | { ok: true; token: TokenResponse }
  | { ok: false; status: 400 | 401; error: OAuthErrorResponse };

/** A validated token request (see `TokenRequest` in the spec). */
export type TokenForm =
  | { grant_type: "password"; username: string; password: string; client_id: string; client_secret: string }
  | { grant_type: "refresh_token"; refresh_token: string; client_id: string; client_secret: string };

const usersByName = new Map(PAYMOB_USERS.map((u) => [u.username, u]));
const newToken = () => randomBytes(24).toString("base64url");
const refused = (status: 400 | 401, error: OAuthErrorResponse["error"], description?: string): GrantResult => ({
  ok: false,
  status,
  error: description ? { error, error_description: description } : { error },
});

/**
 * Paymob's OAuth2 token endpoint: the password grant, and single-use rotating refresh tokens. Refreshing spends the
 * refresh token and revokes the access token issued with it. Issued pairs are events, so they survive a restart.
 */
export class TokenIssuer {
  private readonly access = new Map<string, { username: string; expiresAt: number }>();
  private readonly refresh = new Map<string, { username: string; access: string }>();

  constructor(private readonly append: (event: TokenIssued) => void) {}

  /** The user an access token belongs to: a seeded non-expiring token, or an issued one that has not expired. */
  userOf(accessToken: string): PaymobUser | undefined {
    const seeded = PAYMOB_STATIC_TOKENS.get(accessToken);
    if (seeded) return usersByName.get(seeded);
    const issued = this.access.get(accessToken);
    if (!issued) return undefined;
    if (issued.expiresAt <= Date.now()) {
      this.access.delete(accessToken);
      return undefined;
    }
    return usersByName.get(issued.username);
  }

  grant(form: TokenForm): GrantResult {
    if (form.client_id !== PAYMOB_APP.client_id || form.client_secret !== PAYMOB_APP.client_secret) {
      return refused(401, "invalid_client", "Client authentication failed.");
    }
    if (form.grant_type === "password") {
      const user = usersByName.get(form.username);
      if (!user || user.password !== form.password) return refused(400, "invalid_grant", "Invalid credentials given.");
      return this.issue(user.username);
    }
    const pair = this.refresh.get(form.refresh_token);
    if (!pair) return refused(400, "invalid_grant", "The refresh token is invalid, expired or already used.");
    return this.issue(pair.username, form.refresh_token);
  }

  apply(event: TokenIssued): void {
    if (event.replaces) {
      const old = this.refresh.get(event.replaces);
      if (old) this.access.delete(old.access);
      this.refresh.delete(event.replaces);
    }
    const expiresAt = event.at + ACCESS_TOKEN_SECONDS * 1000;
    this.access.set(event.access_token, { username: event.username, expiresAt });
    this.refresh.set(event.refresh_token, { username: event.username, access: event.access_token });
  }

  private issue(username: string, replaces?: string): GrantResult {
    const event: TokenIssued = {
      type: "token.issued",
      at: Date.now(),
      username,
      access_token: newToken(),
      refresh_token: newToken(),
      ...(replaces ? { replaces } : {}),
    };
    this.append(event);
    this.apply(event);
    return {
      ok: true,
      token: {
        access_token: event.access_token,
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token: event.refresh_token,
        scope: "read write",
      },
    };
  }
}
