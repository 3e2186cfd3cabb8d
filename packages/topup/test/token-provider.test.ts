import { AuthenticationError } from "@contracts/runtime";
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createTopupClient, createTopupTokenProvider, type TopupCredentials } from "../src/index.js";

const inquiryPage = { count: 0, next: null, previous: null, results: { status: "success", topup_requests: [] } };
const unauthorized = { detail: "Invalid token.", disbursement_status: "failed", status_code: "401" };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const isTokenCall = (req: RecordedRequest) => req.url === "/o/token/";
const grantOf = (req: RecordedRequest) => new URLSearchParams(req.body.toString()).get("grant_type");

/**
 * A Paymob stand-in: the token endpoint issues access-N / refresh-N, each refresh token works once, and the API
 * accepts only the newest access token that has not been revoked.
 */
async function startFakeProvider(options: { alwaysReject?: boolean; tokenStatus?: number } = {}) {
  let issued = 0;
  const usedRefresh = new Set<string>();
  const revoked = new Set<string>();
  server = await startScriptedServer((req) => {
    if (isTokenCall(req)) {
      if (options.tokenStatus) {
        return { status: options.tokenStatus, body: { error: "invalid_client", error_description: "Bad client." } };
      }
      const form = new URLSearchParams(req.body.toString());
      const refresh = form.get("refresh_token");
      if (refresh !== null) {
        if (usedRefresh.has(refresh)) return { status: 400, body: { error: "invalid_grant" } };
        usedRefresh.add(refresh);
      }
      issued++;
      return {
        status: 200,
        body: {
          access_token: `access-${issued}`,
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: `refresh-${issued}`,
        },
      };
    }
    const token = String(req.headers.authorization).replace("Bearer ", "");
    if (options.alwaysReject) return { status: 401, body: unauthorized };
    const current = token === `access-${issued}` && !revoked.has(token);
    return current ? { status: 200, body: inquiryPage } : { status: 401, body: unauthorized };
  });
  return { revoke: (token: string) => revoked.add(token) };
}

function credentials(extra: Partial<TopupCredentials> = {}): TopupCredentials {
  return {
    baseUrl: server?.url ?? "",
    clientId: "client-id",
    clientSecret: "client-secret",
    username: "merchant",
    password: "s3cret-password",
    ...extra,
  };
}

describe("createTopupTokenProvider", () => {
  it("makes exactly one token call for 20 concurrent requests", async () => {
    await startFakeProvider();
    const provider = createTopupTokenProvider(credentials());
    const client = createTopupClient({ baseUrl: server?.url ?? "", token: provider });
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET("/topup/inquire/")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    const tokenCalls = server?.requests.filter(isTokenCall) ?? [];
    expect(tokenCalls).toHaveLength(1);
    expect(grantOf(tokenCalls[0] as RecordedRequest)).toBe("password");
    expect(new Set(server?.requests.filter((r) => !isTokenCall(r)).map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer access-1"]),
    );
  });

  it("renews with the refresh token shortly before expiry, once even when 20 requests need it at once", async () => {
    await startFakeProvider();
    let clock = 0;
    const provider = createTopupTokenProvider(credentials({ now: () => clock, refreshBeforeExpiryMs: 60_000 }));
    expect(await provider.getToken()).toBe("access-1");
    clock = 3_540_001; // 59 min 0.001 s later: inside the renewal window
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set(["access-2"]));
    const grants = server?.requests.filter(isTokenCall).map(grantOf);
    expect(grants).toEqual(["password", "refresh_token"]);
    expect(new URLSearchParams(server?.requests[1]?.body.toString()).get("refresh_token")).toBe("refresh-1");
  });

  it("refreshes once on a 401 mid-stream and replays each request once", async () => {
    const fake = await startFakeProvider();
    const provider = createTopupTokenProvider(credentials());
    const client = createTopupClient({ baseUrl: server?.url ?? "", token: provider });
    expect((await client.GET("/topup/inquire/")).response.status).toBe(200);
    fake.revoke("access-1");
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET("/topup/inquire/")));
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200));
    const grants = server?.requests.filter(isTokenCall).map(grantOf);
    // One login, then one refresh for all 20 rejected requests: the rotated refresh token is never reused.
    expect(grants).toEqual(["password", "refresh_token"]);
    expect(server?.requests.filter((r) => !isTokenCall(r))).toHaveLength(1 + 20 + 20);
  });

  it("returns a second 401 instead of looping", async () => {
    await startFakeProvider({ alwaysReject: true });
    const client = createTopupClient({ baseUrl: server?.url ?? "", token: createTopupTokenProvider(credentials()) });
    const { error, response } = await client.GET("/topup/inquire/");
    expect(response.status).toBe(401);
    expect(error).toEqual(unauthorized);
    expect(server?.requests.filter((r) => !isTokenCall(r))).toHaveLength(2);
    expect(server?.requests.filter(isTokenCall)).toHaveLength(2);
  });

  it("falls back to the password grant when the refresh token is refused", async () => {
    await startFakeProvider();
    let clock = 0;
    const provider = createTopupTokenProvider(credentials({ now: () => clock }));
    await provider.getToken();
    // Someone else used refresh-1 already (say, another process sharing the credentials).
    await fetch(`${server?.url}/o/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=refresh-1",
    });
    clock = 3_600_000;
    expect(await provider.getToken()).toBe("access-3");
    expect(server?.requests.filter(isTokenCall).map(grantOf)).toEqual([
      "password",
      "refresh_token",
      "refresh_token",
      "password",
    ]);
  });

  it("names the standard OAuth error it received", async () => {
    server = await startScriptedServer(() => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid credentials given." },
    }));
    const error = (await createTopupTokenProvider(credentials())
      .getToken()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toMatchObject({
      status: 400,
      oauthError: "invalid_grant",
      oauthErrorDescription: "Invalid credentials given.",
    });
    expect(error.message).toBe(
      "Could not obtain an access token (HTTP 400): invalid_grant (Invalid credentials given.)",
    );
  });

  it("says what came when a lockout page answers instead of the token endpoint", async () => {
    server = await startScriptedServer(() => ({
      status: 403,
      headers: { "content-type": "text/html" },
      body: "<html><title>Log in</title><body><p>Too many failed login attempts. Try again later.</p></body></html>",
    }));
    const error = (await createTopupTokenProvider(credentials())
      .getToken()
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'Could not obtain an access token (HTTP 403): ObtainToken failed with HTTP 403 (text/html): a status the spec does not document: "Log in Too many failed login attempts. Try again later."',
    );
    expect(error.message).not.toMatch(/s3cret-password|client-secret/);
  });

  it("fails with an AuthenticationError that never contains the credentials", async () => {
    await startFakeProvider({ tokenStatus: 401 });
    const provider = createTopupTokenProvider(credentials());
    const error = (await provider.getToken().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.kind).toBe("authentication");
    expect(error.status).toBe(401);
    expect(error.message).toBe("Could not obtain an access token (HTTP 401): invalid_client (Bad client.)");
    expect(JSON.stringify({ message: error.message, body: error.body })).not.toMatch(/s3cret-password|client-secret/);
  });
});
