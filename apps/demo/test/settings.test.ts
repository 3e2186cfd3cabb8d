import { describe, expect, it } from "vitest";
import { applyPreset, baseUrlProblem, defaultSettings, loadSettings, PRESETS, saveSettings } from "../src/settings";

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe("settings", () => {
  it("defaults to the sandbox with no tokens", () => {
    expect(defaultSettings({})).toEqual({
      upmobile: { baseUrl: "http://127.0.0.1:4020/upmobile", token: "" },
      topup: { baseUrl: "http://127.0.0.1:4020/topup", token: "" },
    });
  });

  it("takes URLs and tokens from the VITE_ variables", () => {
    const env = {
      VITE_UPMOBILE_BASE_URL: "http://127.0.0.1:4010",
      VITE_UPMOBILE_TOKEN: "u",
      VITE_TOPUP_BASE_URL: " http://127.0.0.1:4011 ",
      VITE_TOPUP_TOKEN: "t",
    };
    expect(defaultSettings(env)).toEqual({
      upmobile: { baseUrl: "http://127.0.0.1:4010", token: "u" },
      topup: { baseUrl: "http://127.0.0.1:4011", token: "t" },
    });
  });

  it("round-trips through (session) storage and survives junk in it", () => {
    const storage = memoryStorage();
    const settings = {
      upmobile: { baseUrl: "http://a.test", token: "x" },
      topup: { baseUrl: "http://b.test", token: "y" },
    };
    saveSettings(storage, settings);
    expect(loadSettings(storage, {})).toEqual(settings);
    storage.map.set("contracts-demo-settings", "{not json");
    expect(loadSettings(storage, {})).toEqual(defaultSettings({}));
    storage.map.set("contracts-demo-settings", JSON.stringify({ upmobile: { token: 5 } }));
    expect(loadSettings(storage, {})).toEqual(defaultSettings({}));
  });

  it("applies the mocks preset with their fixed tokens, and the sandbox preset keeps the typed token", () => {
    const start = defaultSettings({});
    const mocks = applyPreset(start, "mocks");
    expect(mocks.upmobile).toEqual({ baseUrl: "http://127.0.0.1:4010", token: "mock-upmobile-token" });
    expect(mocks.topup).toEqual({ baseUrl: "http://127.0.0.1:4011", token: "mock-topup-token" });
    const typed = { ...mocks, upmobile: { ...mocks.upmobile, token: "sandbox-token" } };
    expect(applyPreset(typed, "sandbox").upmobile).toEqual({
      baseUrl: PRESETS.sandbox.upmobile.baseUrl,
      token: "sandbox-token",
    });
  });

  it("names what is wrong with a base URL", () => {
    expect(baseUrlProblem("http://127.0.0.1:4020/upmobile")).toBeNull();
    expect(baseUrlProblem("")).toMatch(/Enter/);
    expect(baseUrlProblem("127.0.0.1:4020")).toMatch(/http:\/\//);
    expect(baseUrlProblem("http://")).toMatch(/not a valid URL/);
  });
});
