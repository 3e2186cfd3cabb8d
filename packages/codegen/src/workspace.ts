import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseYaml } from "@redocly/openapi-core";

/** One API as the root `redocly.yaml` names it; the alias is also the package folder under `packages/`. */
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

/** Reads the APIs from `redocly.yaml`, the one list lint, bundle, docs and codegen share. */
export function readApis(root: string): ApiEntry[] {
  const config = parseYaml(readFileSync(join(root, "redocly.yaml"), "utf8")) as {
    apis?: Record<string, { root: string }>;
  };
  return Object.entries(config.apis ?? {}).map(([alias, { root: specRelativePath }]) => ({
    alias,
    specPath: join(root, specRelativePath),
    specRelativePath,
  }));
}
