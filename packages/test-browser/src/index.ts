import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";

/** Debian's Chromium (browsers cannot be downloaded here); `CHROMIUM_PATH` overrides it. */
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// without the background-networking flags Chromium keeps dialling Google's hosts, which this machine refuses.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Launches headless Chromium with a fresh profile; fails with a clear message when Chromium is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ARGS });
}

/** Saves a full-page screenshot under `dir` (created if needed) and returns its path. */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A context whose requests may reach only 127.0.0.1 and localhost; anything else is aborted and recorded. `options`
 * go to Playwright's `newContext` (e.g. `recordHar`).
 */
export async function loopbackOnlyContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ baseURL: undefined, ...options });
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1" || hostname === "localhost") {
      return route.continue();
    }
    blocked.push(route.request().url());
    return route.abort();
  });
  return { context, blocked };
}
