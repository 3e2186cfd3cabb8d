/** Where one API lives and the token sent to it. */
export interface ApiSettings {
  baseUrl: string;
  token: string;
}

/** Both APIs' settings; kept in memory and in sessionStorage only (never localStorage, never logged). */
export interface Settings {
  upmobile: ApiSettings;
  topup: ApiSettings;
}

export type ApiName = keyof Settings;

/** The `VITE_*` variables the app reads (declared in vite-env.d.ts); Vite inlines them at build time. */
type DemoEnv = Partial<ImportMetaEnv>;

/** Ready-made targets: the stateful sandbox (its tokens are printed when it starts) and the Prism mocks. */
export const PRESETS = {
  sandbox: {
    label: "Sandbox (:4020)",
    upmobile: { baseUrl: "http://127.0.0.1:4020/upmobile" },
    topup: { baseUrl: "http://127.0.0.1:4020/topup" },
  },
  mocks: {
    label: "Prism mocks (:4010/:4011)",
    upmobile: { baseUrl: "http://127.0.0.1:4010", token: "mock-upmobile-token" },
    topup: { baseUrl: "http://127.0.0.1:4011", token: "mock-topup-token" },
  },
} as const satisfies Record<string, { label: string } & Record<ApiName, Partial<ApiSettings>>>;

export type PresetName = keyof typeof PRESETS;

const STORAGE_KEY = "contracts-demo-settings";

/** Both APIs' settings, each made by `make`. */
const perApi = (make: (api: ApiName) => ApiSettings): Settings => ({
  upmobile: make("upmobile"),
  topup: make("topup"),
});

/** The settings the build was given (`VITE_*`), falling back to the sandbox's URLs and empty tokens. */
export function defaultSettings(env: DemoEnv): Settings {
  return perApi((api) => {
    const prefix = api === "upmobile" ? "VITE_UPMOBILE" : "VITE_TOPUP";
    return {
      baseUrl: env[`${prefix}_BASE_URL`]?.trim() || PRESETS.sandbox[api].baseUrl,
      token: env[`${prefix}_TOKEN`]?.trim() ?? "",
    };
  });
}

/** The settings of this tab (sessionStorage), or the defaults when there are none or they are unreadable. */
export function loadSettings(storage: Pick<Storage, "getItem"> | undefined, env: DemoEnv): Settings {
  const defaults = defaultSettings(env);
  const raw = safely(() => storage?.getItem(STORAGE_KEY) ?? null);
  if (!raw) return defaults;
  const parsed = safely(() => JSON.parse(raw) as unknown);
  return perApi((api) => mergeApi(defaults[api], pick(parsed, api)));
}

/** Keeps the settings for this tab only; a closed tab forgets the tokens. */
export function saveSettings(storage: Pick<Storage, "setItem"> | undefined, settings: Settings): void {
  safely(() => storage?.setItem(STORAGE_KEY, JSON.stringify(settings)));
}

/** The settings with a preset's URLs (and, for the mocks, their fixed tokens) applied. */
export function applyPreset(settings: Settings, preset: PresetName, env: DemoEnv = {}): Settings {
  const p: Record<ApiName, Partial<ApiSettings>> = PRESETS[preset];
  const defaults = defaultSettings(env);
  return perApi((api) => ({
    baseUrl: p[api].baseUrl ?? settings[api].baseUrl,
    token: p[api].token ?? (preset === "sandbox" ? defaults[api].token || settings[api].token : settings[api].token),
  }));
}

/** Why a base URL cannot be used, or null when it can (the clients take absolute http(s) URLs only). */
export function baseUrlProblem(baseUrl: string): string | null {
  if (baseUrl.trim() === "") return "Enter the API's base URL.";
  if (!/^https?:\/\//.test(baseUrl)) return "The base URL must start with http:// or https://.";
  return safely(() => new URL(baseUrl)) ? null : "The base URL is not a valid URL.";
}

function mergeApi(defaults: ApiSettings, stored: unknown): ApiSettings {
  const text = (key: keyof ApiSettings) => {
    const value = pick(stored, key);
    return typeof value === "string" ? value : defaults[key];
  };
  return { baseUrl: text("baseUrl"), token: text("token") };
}

function pick(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
