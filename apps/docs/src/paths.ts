import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of this app (apps/docs), from src/ under vitest and from dist/ once compiled. */
export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where `pnpm docs` writes the static site (dist/ holds this app's compiled code). */
export const siteDir = join(appDir, "site");
/** Where the standalone TypeScript samples go; `tsc --noEmit` includes it. */
export const samplesDir = join(appDir, "samples");
