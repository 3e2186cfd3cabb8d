import { startMocks } from "@contracts/mocks";
import type { TestProject } from "vitest/node";
import { type Provider, providerFromEnv } from "./provider.js";

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
  }
}

/** Tests the provider named by the environment, or else starts both Prism mocks on free ports for the run. */
export default async function setup(project: TestProject) {
  const fromEnv = providerFromEnv();
  if (fromEnv) {
    project.provide("provider", fromEnv);
    return;
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
