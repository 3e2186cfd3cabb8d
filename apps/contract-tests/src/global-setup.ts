import { startMocks } from "@contracts/mocks";
import type { TestProject } from "vitest/node";
import { type Provider, providerFromEnv } from "./provider.js";

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
  }
}

/** What `@contracts/sandbox` gives the suite; read through a dynamic import so the mocks run needs no sandbox build. */
interface SandboxHandle {
  upmobile: { url: string; token: string };
  topup: { url: string; token: string };
  topupCredentials: NonNullable<Provider["topupCredentials"]>;
  stop(): Promise<void>;
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
    const sandbox = (await import("@contracts/sandbox")) as { startSandbox(o: { port: number }): Promise<SandboxHandle> };
    const running = await sandbox.startSandbox({ port: 0 });
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
