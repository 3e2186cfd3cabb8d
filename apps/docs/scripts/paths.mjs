import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of this app (apps/docs). */
export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the static site is written. */
export const distDir = join(appDir, "dist");
/** Where the standalone TypeScript samples go; `tsc --noEmit` includes it. */
export const samplesDir = join(appDir, "samples");
