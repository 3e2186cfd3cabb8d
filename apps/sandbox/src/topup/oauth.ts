import { randomBytes } from "node:crypto";
import type { OAuthErrorResponse, TokenRequest, TokenResponse } from "@contracts/topup";
import type { Store } from "../db/store.js";
import { TOPUP_APP, TOPUP_USERS, type TopupUser } from "../seed.js";

/** Access tokens live this long, as at Paymob. */
export const ACCESS_TOKEN_SECONDS = 3600;

export type GrantResult =
  | { ok: true; token: TokenResponse }
  | { ok: false; status: 400 | 401; error: OAuthErrorResponse };

const usersByName = new Map<string, TopupUser>(TOPUP_USERS.map((u) => [u.username, u]));
const newToken = () => randomBytes(24).toString("base64url");
const refused = (status: 400 | 401, error: OAuthErrorResponse["error"], description?: string): GrantResult => ({
  ok: false,
  status,
  error: description ? { error, error_description: description } : { error },
});

/**
 * Paymob's OAuth2 password grant and single-use refresh tokens: one conditional update spends a refresh token and
 * revokes its access token, so of two refreshes with one token (on any replica) exactly one wins.
 */
export class TokenIssuer {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user an access token belongs to: a seeded non-expiring token, or an issued one not expired nor revoked. */
  async userOf(accessToken: string): Promise<TopupUser | undefined> {
    const seeded = TOPUP_USERS.find((u) => u.token === accessToken);
    if (seeded) return seeded;
    const issued = await this.store.db
      .selectFrom("tokens")
      .select(["username", "expires_at", "revoked_at"])
      .where("access_token", "=", accessToken)
      .executeTakeFirst();
    if (!issued || issued.revoked_at !== null || Number(issued.expires_at) <= this.now()) return undefined;
    return usersByName.get(issued.username);
  }

  async grant(form: TokenRequest): Promise<GrantResult> {
    if (form.client_id !== TOPUP_APP.client_id || form.client_secret !== TOPUP_APP.client_secret) {
      return refused(401, "invalid_client", "Client authentication failed.");
    }
    if (form.grant_type === "password") {
      const user = usersByName.get(form.username);
      if (!user || user.password !== form.password) return refused(400, "invalid_grant", "Invalid credentials given.");
      return this.store.write(async (trx) => this.issue(trx, user.username));
    }
    return this.store.write(async (trx) => {
      const now = this.now();
      const spent = await trx
        .updateTable("tokens")
        .set({ refresh_used_at: now, revoked_at: now })
        .where("refresh_token", "=", form.refresh_token)
        .where("refresh_used_at", "is", null)
        .returning("username")
        .executeTakeFirst();
      if (!spent) return refused(400, "invalid_grant", "The refresh token is invalid, expired or already used.");
      return this.issue(trx, spent.username);
    });
  }

  private async issue(trx: Parameters<Parameters<Store["write"]>[0]>[0], username: string): Promise<GrantResult> {
    const now = this.now();
    const pair = { access_token: newToken(), refresh_token: newToken() };
    await trx
      .insertInto("tokens")
      .values({
        ...pair,
        username,
        issued_at: now,
        expires_at: now + ACCESS_TOKEN_SECONDS * 1000,
      })
      .execute();
    return {
      ok: true,
      token: { ...pair, token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS, scope: "read write" },
    };
  }
}
