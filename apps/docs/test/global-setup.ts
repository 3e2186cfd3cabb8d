import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { staleInputs } from "../scripts/build-docs.mjs";
import { appDir } from "../scripts/paths.mjs";

/** Builds the docs the way `pnpm docs` does, unless dist/ already holds a build of the current inputs. */
export default async function setup(): Promise<void> {
  const stale = await staleInputs();
  if (stale.length === 0) return;
  const shown = stale.length > 5 ? [...stale.slice(0, 5), `… ${stale.length - 5} more`] : stale;
  process.stdout.write(`Building the docs; changed since the last build: ${shown.join(", ")}\n`);
  const { stdout } = await promisify(execFile)(process.execPath, ["scripts/build-docs.mjs"], { cwd: appDir });
  process.stdout.write(stdout);
}
