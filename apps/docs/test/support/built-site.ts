import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { appDir, siteDir } from "../../src/paths.js";

/**
 * Fails with what to run when the site or the compiled CLI is missing. turbo's `test` task builds both first (it
 * depends on this app's `build`, whose cache knows when they are stale); running vitest directly skips that.
 */
export function requireBuiltSite(): void {
  const missing = [join(siteDir, "index.html"), join(appDir, "dist", "cli.js")].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The docs are not built (${missing.map((file) => relative(appDir, file)).join(", ")} missing): run \`pnpm docs\`, ` +
        "or run the tests through turbo (`pnpm exec turbo run test --filter=@contracts/docs`), which builds them first.",
    );
  }
}
