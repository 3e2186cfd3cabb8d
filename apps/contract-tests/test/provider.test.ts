import { describe, expect, it } from "vitest";
import { exploreMode, providerFromEnv, safeMode, unmet } from "../src/provider.js";

describe("providerFromEnv", () => {
  it("starts the mocks when nothing is set, and what CONTRACT_PROVIDER names when it is mocks or sandbox", () => {
    expect(providerFromEnv({})).toEqual({ local: "mocks" });
    expect(providerFromEnv({ CONTRACT_PROVIDER: "sandbox" })).toEqual({ local: "sandbox" });
    // what `pnpm test` relies on: its own runs never reach a provider a user left in the environment.
    expect(
      providerFromEnv({ CONTRACT_PROVIDER: "mocks", UPMOBILE_BASE_URL: "https://x", UPMOBILE_TOKEN: "t" }),
    ).toEqual({ local: "mocks" });
  });

  it("tests one API alone, and names why the other is not tested", () => {
    const provider = providerFromEnv({ TOPUP_BASE_URL: "https://pay.example/api/", TOPUP_TOKEN: "t" });
    expect(provider).toMatchObject({
      name: "provider",
      apis: { topup: { url: "https://pay.example/api", token: "t" } },
      missing: { upmobile: "UPMOBILE_BASE_URL is not set" },
      honoursPrefer: false,
      stateful: true,
      topupCredentials: undefined,
    });
  });

  it("takes OAuth credentials only when all four are given", () => {
    const base = { TOPUP_BASE_URL: "https://p", TOPUP_TOKEN: "t", TOPUP_CLIENT_ID: "id", TOPUP_CLIENT_SECRET: "s" };
    expect(providerFromEnv(base)).toMatchObject({ topupCredentials: undefined });
    expect(providerFromEnv({ ...base, TOPUP_USERNAME: "u", TOPUP_PASSWORD: "p" })).toMatchObject({
      topupCredentials: { client_id: "id", client_secret: "s", username: "u", password: "p" },
    });
  });

  it.each([
    [{ UPMOBILE_BASE_URL: "https://x" }, "UPMOBILE_BASE_URL is set but UPMOBILE_TOKEN is not"],
    [{ TOPUP_BASE_URL: "ftp://x", TOPUP_TOKEN: "t" }, 'TOPUP_BASE_URL must be an http(s) URL, got "ftp://x".'],
    [{ CONTRACT_PROVIDER: "staging" }, "CONTRACT_PROVIDER=staging names no API"],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(() => providerFromEnv(env)).toThrow(message);
  });

  it("reads the switches", () => {
    const env = { UPMOBILE_BASE_URL: "http://x", UPMOBILE_TOKEN: "t" };
    expect(providerFromEnv({ ...env, CONTRACT_HONOURS_PREFER: "true", CONTRACT_STATELESS: "true" })).toMatchObject({
      honoursPrefer: true,
      stateful: false,
    });
    expect(exploreMode({ CONTRACT_EXPLORE: "true" })).toBe(true);
    expect(exploreMode({})).toBe(false);
    expect(safeMode({ CONTRACT_SAFE: "true" })).toBe(true);
    expect(safeMode({ CONTRACT_SAFE: "false" })).toBe(false);
    expect(safeMode({})).toBe(false);
  });

  it.each(["1", "yes", "TRUE"])("refuses CONTRACT_SAFE=%s rather than run a case that moves money", (value) => {
    expect(() => safeMode({ CONTRACT_SAFE: value })).toThrow(`CONTRACT_SAFE must be true or false, got "${value}".`);
  });
});

describe("unmet", () => {
  it("says what to set for each missing input", () => {
    const provider = {
      name: "p",
      apis: {},
      missing: {},
      honoursPrefer: false,
      stateful: false,
      lifecycleTimeoutMs: 1,
    };
    expect(unmet(provider, "prefer")).toContain("CONTRACT_HONOURS_PREFER=true");
    expect(unmet(provider, "oauth-credentials")).toContain(
      "TOPUP_CLIENT_ID, TOPUP_CLIENT_SECRET, TOPUP_USERNAME and TOPUP_PASSWORD",
    );
    expect(unmet(provider, "state")).toContain("keeps state");
    expect(unmet({ ...provider, honoursPrefer: true, stateful: true }, "state")).toBeNull();
  });
});
