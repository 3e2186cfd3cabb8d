import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseYaml } from "@redocly/openapi-core";

/**
 * One API of the registry: the root `redocly.yaml`'s `apis` map, the one list lint, bundle, codegen, mocks, docs and
 * the contract suite share. Everything else about an API follows from its alias: its package folder
 * (`packages/<alias>`), its environment variables ({@link apiEnvName}) and its place in the list (the mocks' ports).
 */
export interface ApiEntry {
  alias: string;
  /** Absolute path of the hand-authored root spec file. */
  specPath: string;
  /** The spec path relative to the repository root, as the banner names it. */
  specRelativePath: string;
}

/** Walks up from `from` to the folder holding `redocly.yaml`: the repository root. */
export function findRepositoryRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "redocly.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No redocly.yaml found in ${from} or any folder above it.`);
    dir = parent;
  }
}

const ALIAS = /^[a-z][a-z0-9-]*$/;

/** Reads the registry: the APIs of `redocly.yaml` under `root`, in its order. */
export function readApis(root: string): ApiEntry[] {
  const config = parseYaml(readFileSync(join(root, "redocly.yaml"), "utf8")) as {
    apis?: Record<string, { root: string }>;
  };
  return Object.entries(config.apis ?? {}).map(([alias, { root: specRelativePath }]) => {
    if (!ALIAS.test(alias)) {
      throw new Error(`redocly.yaml: the API alias "${alias}" must be lower-case letters, digits and dashes.`);
    }
    return { alias, specPath: join(root, specRelativePath), specRelativePath };
  });
}

/** An API's environment variable: `apiEnvName("upmobile", "BASE_URL")` → `UPMOBILE_BASE_URL`. */
export function apiEnvName(alias: string, name: string): string {
  return `${alias.toUpperCase().replace(/-/g, "_")}_${name}`;
}
