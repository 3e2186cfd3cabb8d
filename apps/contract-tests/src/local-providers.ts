import { readApis } from "@contracts/codegen";
import type { LocalProvider, Provider } from "./provider.js";
import { REPOSITORY_ROOT } from "./spec.js";

/** The sandbox's clock in contract runs: fast enough that a withdrawal reaches a terminal status in well under 1 s. */
const SANDBOX_STEP_MS = 25;

/** Starts the mocks (of any registry) or the sandbox on free ports on 127.0.0.1; `stop()` ends it. */
export async function startLocalProvider(
  kind: LocalProvider,
  root: string = REPOSITORY_ROOT,
): Promise<{ provider: Provider; stop(): Promise<void> }> {
  if (kind === "sandbox") {
    // imported only here, so a run against the mocks does not load the sandbox.
    const { startSandbox } = await import("@contracts/sandbox");
    const sandbox = await startSandbox({ port: 0, operationStepMs: SANDBOX_STEP_MS });
    const apis = { upmobile: sandbox.upmobile, topup: sandbox.topup };
    const served = Object.keys(apis).join(" and ");
    return {
      provider: {
        name: "sandbox",
        apis,
        missing: Object.fromEntries(
          readApis(root)
            .filter((api) => !Object.hasOwn(apis, api.alias))
            .map((api) => [api.alias, `the sandbox serves only ${served}`]),
        ),
        topupCredentials: sandbox.topupCredentials,
        honoursPrefer: false,
        stateful: true,
        lifecycleTimeoutMs: 10_000,
      },
      stop: () => sandbox.stop(),
    };
  }
  const { startMocks } = await import("@contracts/mocks");
  const { mocks, stop } = await startMocks({ root, anyPorts: true });
  return {
    provider: {
      name: "mocks",
      apis: Object.fromEntries(mocks.map((m) => [m.alias, { url: m.url, token: m.token }])),
      missing: {},
      // Prism accepts any credentials, so it cannot show that wrong ones are refused: no OAuth cases here.
      honoursPrefer: true,
      stateful: false,
      lifecycleTimeoutMs: 0,
    },
    stop,
  };
}
