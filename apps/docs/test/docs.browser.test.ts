import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { findRepositoryRoot, readApis } from "@contracts/codegen";
import { launchBrowser, loopbackOnlyContext, screenshot } from "@contracts/test-browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, siteDir } from "../src/paths.js";
import { type DocsServer, startDocsServer } from "../src/server.js";
import { requireBuiltSite } from "./support/built-site.js";

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Context = Awaited<ReturnType<typeof loopbackOnlyContext>>;
type Page = Awaited<ReturnType<Context["context"]["newPage"]>>;

const artefacts = join(appDir, "test-results", "screenshots");
const apis = readApis(findRepositoryRoot(appDir));

// Redoc's footer ("API docs by Redocly") shows a logo from Redocly's CDN. loopbackOnlyContext aborts that
// request, Chromium logs "Failed to load resource" for it, and the image hides itself. Only these two URLs are
// allowed to fail; any other blocked request or console error fails the test.
const REDOC_FOOTER_LOGOS = [
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
];

let docs: DocsServer;
let browser: Browser;
let context: Context["context"];
let blocked: string[];

beforeAll(async () => {
  requireBuiltSite();
  await rm(artefacts, { recursive: true, force: true });
  docs = await startDocsServer({ port: 0 });
  browser = await launchBrowser();
  ({ context, blocked } = await loopbackOnlyContext(browser));
});

afterAll(async () => {
  await browser?.close();
  await docs?.close();
});

/**
 * Opens a page and records its console errors and uncaught exceptions, except the blocked footer logo (see above),
 * each failed resource with its URL, since a console message alone does not say which one failed.
 */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    const from = message.location().url;
    if (message.type() !== "error") return;
    if (REDOC_FOOTER_LOGOS.includes(from) && message.text().startsWith("Failed to load resource")) return;
    errors.push(`${message.text()} (${from})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(new URL(path, docs.url).href);
  return { page, errors };
}

interface SpecOperation {
  operationId: string;
  summary: string;
  method: string;
  path: string;
}

/** The operations of a bundled spec in site/. */
async function specOperations(alias: string): Promise<SpecOperation[]> {
  const bundle = JSON.parse(await readFile(join(siteDir, alias, "openapi.json"), "utf8"));
  return Object.entries(bundle.paths as Record<string, Record<string, { operationId?: string; summary: string }>>)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
    )
    .filter((operation): operation is SpecOperation => typeof operation.operationId === "string");
}

function expectOnlyFooterLogoBlocked() {
  expect(blocked.filter((url) => !REDOC_FOOTER_LOGOS.includes(url))).toEqual([]);
}

describe("the docs site in Chromium (offline)", () => {
  it("index links every API with its title, version, description and spec downloads", async () => {
    const { page, errors } = await open("/");
    expect(await page.title()).toBe("API reference");
    for (const api of apis) {
      const { info } = JSON.parse(await readFile(join(siteDir, api.alias, "openapi.json"), "utf8"));
      const card = page.locator(`li#${api.alias}`);
      expect(await card.getByRole("link", { name: info.title }).getAttribute("href")).toBe(`${api.alias}/index.html`);
      const text = await card.textContent();
      expect(text).toContain(`v${info.version}`);
      expect(text).toContain(String(info.description).split(/\s+/).slice(0, 4).join(" "));
      for (const format of ["yaml", "json"]) {
        const href = `${api.alias}/openapi.${format}`;
        expect(await card.locator(`a[href="${href}"]`).getAttribute("download")).toBe("");
        expect((await fetch(new URL(href, docs.url))).status).toBe(200);
      }
    }
    await screenshot(page, artefacts, "index");
    await page.getByRole("link", { name: "Upmobile API" }).click();
    await page.waitForURL(/\/upmobile\/index\.html$/);
    await expect.poll(() => page.locator("h1").first().textContent()).toContain("Upmobile API");
    expect(errors).toEqual([]);
    expectOnlyFooterLogoBlocked();
    await page.close();
  });

  for (const api of apis) {
    it(`${api.alias}: renders every operation of the spec, each with its TypeScript sample`, async () => {
      const operations = await specOperations(api.alias);
      const { page, errors } = await open(`${api.alias}/index.html`);
      // Redoc 3 renders one tag at a time: open each tag group of the menu, then follow each operation link in it;
      // the operation renders (lazily) in a section whose id is the link's target (`<tag>/<operationid>`).
      const groups = page.locator(".menu-item-type-group");
      await groups.first().waitFor();
      const rendered = new Set<string>();
      for (const group of await groups.all()) {
        await group.locator(":scope > a").click();
        const links = group.locator(".menu-item-type-operation > a");
        await expect.poll(() => links.count()).toBeGreaterThan(0);
        for (const link of await links.all()) {
          const href = (await link.getAttribute("href")) ?? "";
          await link.click();
          const id = href.replace(/^#\//, "");
          const operation = operations.find((o) => id.endsWith(`/${o.operationId.toLowerCase()}`));
          expect(operation, `menu link ${href}`).toBeDefined();
          if (!operation) continue;
          const section = page.locator(`[id="${id}"]`);
          await expect.poll(() => section.locator("h2").first().textContent()).toBe(operation.summary);
          const sample = section.locator(".panel-request-samples [data-testid=source-code]");
          expect(await sample.textContent()).toContain(
            `await ${api.alias}.${operation.method}(${JSON.stringify(operation.path)}`,
          );
          rendered.add(operation.operationId);
          await page.screenshot({ path: join(artefacts, `${api.alias}-${operation.operationId}.png`) });
        }
      }
      expect([...rendered].sort()).toEqual(operations.map((o) => o.operationId).sort());
      expect(errors).toEqual([]);
      expectOnlyFooterLogoBlocked();
      await page.close();
    });
  }

  it("upmobile: an operation on an assumed path shows the assumption as a visible note", async () => {
    const { page, errors } = await open("upmobile/index.html");
    await page.locator(".menu-item-type-group > a", { hasText: "Accounts" }).click();
    await page.locator(".menu-item-type-operation > a", { hasText: "List the caller's accounts" }).click();
    const note = page.locator('[id="accounts/getaccounts"] blockquote', {
      hasText: "Assumption — verify with the provider.",
    });
    await expect.poll(() => note.first().isVisible()).toBe(true);
    expect(await note.first().textContent()).toContain("The provider's paths are not public");
    await page.screenshot({ path: join(artefacts, "upmobile-assumption-note.png") });
    expect(errors).toEqual([]);
    expectOnlyFooterLogoBlocked();
    await page.close();
  });

  it("upmobile: search finds the withdrawal operations", async () => {
    const { page, errors } = await open("upmobile/index.html");
    await page.getByTestId("search-trigger").click();
    await page.keyboard.type("withdrawal");
    const results = page.locator('[data-component-name="Search/SearchItem"]');
    await expect.poll(() => results.filter({ hasText: "Start a withdrawal" }).count()).toBeGreaterThan(0);
    expect(await results.filter({ hasText: "Preview a withdrawal" }).count()).toBeGreaterThan(0);
    await screenshot(page, artefacts, "upmobile-search-withdrawal");
    expect(errors).toEqual([]);
    expectOnlyFooterLogoBlocked();
    await page.close();
  });

  it("upmobile: InitWithdrawal shows its TypeScript sample first and its curl sample on request", async () => {
    const { page, errors } = await open("upmobile/index.html");
    await page.locator(".menu-item-type-group > a", { hasText: "Withdrawals" }).click();
    await page.locator(".menu-item-type-operation > a", { hasText: "Start a withdrawal" }).click();
    const samples = page.locator('[id="withdrawals/initwithdrawal"] .panel-request-samples');
    const code = samples.getByTestId("source-code");
    await expect.poll(() => code.isVisible()).toBe(true);
    expect(await samples.getByRole("button", { name: "TypeScript" }).isVisible()).toBe(true);
    expect(await code.textContent()).toContain(`const upmobile = createUpmobileClient({`);
    expect(await code.textContent()).toContain(`await upmobile.POST("/withdrawals", {`);
    await page.screenshot({ path: join(artefacts, "upmobile-typescript-sample.png") });

    await samples.getByRole("button", { name: "TypeScript" }).click();
    await page.getByRole("menuitem", { name: "curl" }).click();
    await expect.poll(() => code.textContent()).toContain("curl -X POST http://127.0.0.1:4010/withdrawals");
    expect(await code.textContent()).toContain(`-H "Authorization: Bearer $TOKEN"`);
    await page.screenshot({ path: join(artefacts, "upmobile-curl-sample.png") });
    expect(errors).toEqual([]);
    expectOnlyFooterLogoBlocked();
    await page.close();
  });
});
