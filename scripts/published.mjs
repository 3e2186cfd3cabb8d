// The published packages: every `packages/<folder>` whose package.json is not private. The one list the API
// reports, their gate and the release read, so a new client package joins them by being public.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `[{ folder: "runtime", name: "@contracts/runtime" }, …]`, by folder name. */
export function publishedPackages(root) {
  const packages = join(root, "packages");
  return readdirSync(packages)
    .sort()
    .flatMap((folder) => {
      const file = join(packages, folder, "package.json");
      if (!existsSync(file)) return [];
      const manifest = JSON.parse(readFileSync(file, "utf8"));
      return manifest.private ? [] : [{ folder, name: manifest.name }];
    });
}
