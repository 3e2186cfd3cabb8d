import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../src/db/store.js";
import { TOPUP_APP, TOPUP_USERS } from "../src/seed.js";
import { ACCESS_TOKEN_SECONDS, TokenIssuer } from "../src/topup/oauth.js";

const store = await openStore({});
afterAll(() => store.close());

const [user] = TOPUP_USERS;

describe("the token issuer", () => {
  it("accepts an issued access token until it expires, and not from that moment on", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const issuer = new TokenIssuer(store, () => now);
    const granted = await issuer.grant({
      grant_type: "password",
      ...TOPUP_APP,
      username: user.username,
      password: user.password,
    });
    if (!granted.ok) throw new Error("the password grant was refused");
    const { access_token } = granted.token;
    now += ACCESS_TOKEN_SECONDS * 1000 - 1;
    expect((await issuer.userOf(access_token))?.username).toBe(user.username);
    now += 1;
    expect(await issuer.userOf(access_token)).toBeUndefined();
  });
});
