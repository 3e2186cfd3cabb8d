import type { TestProject } from "vitest/node";
import { startLocalProvider } from "./local-providers.js";
import { type Provider, providerFromEnv, safeMode } from "./provider.js";

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
  }
}

/** The provider under test: the one the environment names, or mocks or a sandbox started for this run. */
export default async function setup(project: TestProject) {
  // A mistyped CONTRACT_SAFE stops the run here, once, before any provider starts or any case loads.
  safeMode();
  const chosen = providerFromEnv();
  if (!("local" in chosen)) {
    project.provide("provider", chosen);
    return;
  }
  const { provider, stop } = await startLocalProvider(chosen.local);
  project.provide("provider", provider);
  return stop;
}
