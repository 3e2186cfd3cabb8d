import type { LocalProvider, Provider } from "./provider.js";

/** The sandbox's clock in contract runs: fast enough that a withdrawal reaches a terminal status in well under 1 s. */
const SANDBOX_STEP_MS = 25;

/** Starts a provider of this repository on free ports on 127.0.0.1; `stop()` ends it. */
export async function startLocalProvider(kind: LocalProvider): Promise<{ provider: Provider; stop(): Promise<void> }> {
  if (kind === "sandbox") {
    // Note: imported only here, so a run against the mocks does not load the sandbox.
    const { startSandbox } = await import("@contracts/sandbox");
    const sandbox = await startSandbox({ port: 0, operationStepMs: SANDBOX_STEP_MS });
    return {
      provider: {
        name: "sandbox",
        apis: { upmobile: sandbox.upmobile, topup: sandbox.topup },
        missing: {},
        topupCredentials: sandbox.topupCredentials,
        honoursPrefer: false,
        stateful: true,
        lifecycleTimeoutMs: 10_000,
      },
      stop: () => sandbox.stop(),
    };
  }
  const { startMocks } = await import("@contracts/mocks");
  const { mocks, stop } = await startMocks({ ports: { upmobile: 0, topup: 0 } });
  const target = (alias: string) => {
    const mock = mocks.find((m) => m.alias === alias);
    if (!mock) throw new Error(`The mocks did not start ${alias}.`);
    return { url: mock.url, token: mock.token };
  };
  return {
    provider: {
      name: "mocks",
      apis: { upmobile: target("upmobile"), topup: target("topup") },
      missing: {},
      // Note: Prism accepts any credentials, so it cannot show that wrong ones are refused: no OAuth cases here.
      honoursPrefer: true,
      stateful: false,
      lifecycleTimeoutMs: 0,
    },
    stop,
  };
}
