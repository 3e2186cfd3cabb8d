import { startMocks } from "@contracts/mocks";
import type { TestProject } from "vitest/node";
import { type Provider, providerFromEnv } from "./provider.js";

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
  }
}

/**
 * The provider under test: one named by the environment (see provider.ts); with CONTRACT_PROVIDER=sandbox, a
 * stateful sandbox started on a free port; otherwise both Prism mocks on free ports. Whatever is started is
 * stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const fromEnv = providerFromEnv();
  if (fromEnv) {
    project.provide("provider", fromEnv);
    return;
  }
  if (process.env.CONTRACT_PROVIDER === "sandbox") {
    // Note: imported only here, so a run against the mocks does not load the sandbox.
    const { startSandbox } = await import("@contracts/sandbox");
    const running = await startSandbox({ port: 0 });
    const { upmobile, topup, topupCredentials } = running;
    project.provide("provider", { name: "sandbox", upmobile, topup, topupCredentials, honoursPrefer: false });
    return () => running.stop();
  }
  const { mocks, stop } = await startMocks({ ports: { upmobile: 0, topup: 0 } });
  const find = (alias: string) => {
    const mock = mocks.find((m) => m.alias === alias);
    if (!mock) throw new Error(`The mocks did not start ${alias}.`);
    return { url: mock.url, token: mock.token };
  };
  project.provide("provider", { name: "prism", upmobile: find("upmobile"), topup: find("topup"), honoursPrefer: true });
  return stop;
}
