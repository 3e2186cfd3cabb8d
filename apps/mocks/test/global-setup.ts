import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * Builds dist/ first: the hostile-input suite runs `pnpm mock` (dist/cli.js) in its own process and must not test a
 * stale build of the front (tsc takes about a second here).
 */
export default async function setup(): Promise<void> {
  const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
  const tsc = createRequire(join(appDir, "package.json")).resolve("typescript/bin/tsc");
  await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: appDir });
}
