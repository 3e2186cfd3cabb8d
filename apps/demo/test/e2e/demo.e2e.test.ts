import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyHar } from "@contracts/contract-tests/verify";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { launchBrowser, loopbackOnlyContext, screenshot } from "@contracts/test-browser";
import { operationTable } from "@contracts/topup/spec";
import { build, type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Context = Awaited<ReturnType<typeof loopbackOnlyContext>>;
type Page = Awaited<ReturnType<Context["context"]["newPage"]>>;

const appDir = fileURLToPath(new URL("../..", import.meta.url));
const results = join(appDir, "test-results");
const outDir = join(results, "e2e-dist");
const PROOF_MAX_BYTES = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof.maxBytes;
const bytes = (n: number) => n.toLocaleString("en-US");

let sandbox: Sandbox;
let server: PreviewServer;
let browser: Browser;
let context: Context["context"];
let blocked: string[];
let page: Page;
let appUrl: string;
/** Chromium's own recording of the session (Playwright's recordHar), in a folder of its own: it holds the tokens. */
let harFolder: string;
/** Console errors and page exceptions, except the failed responses a step below provokes on purpose. */
const errors: string[] = [];
/** `METHOD URL` of every request the page made. */
const requests: string[] = [];
/** Failed responses a step provokes on purpose ("status URL"); Chromium logs each as a console error. */
const provoked = new Set<string>();

/** A minimal, valid one-page PDF. */
function tinyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

const count = (method: string, url: string) => requests.filter((r) => r === `${method} ${url}`).length;

/** The error text a control points at with aria-describedby. */
async function errorOf(scope: ReturnType<Page["locator"]>, label: string): Promise<string> {
  const control = scope.getByLabel(label, { exact: true });
  await expect.poll(() => control.getAttribute("aria-invalid")).toBe("true");
  const id = await control.getAttribute("aria-describedby");
  return (await page.locator(`[id="${id}"]`).textContent()) ?? "";
}

beforeAll(async () => {
  const started = Date.now();
  await mkdir(results, { recursive: true });
  sandbox = await startSandbox({ port: 0, operationStepMs: 200 });
  // Vite reads VITE_* variables from process.env at build time; they are set for the build only, with
  // NODE_ENV=production (vitest sets it to "test", which would bundle React's development build).
  const saved = { ...process.env };
  const env = {
    NODE_ENV: "production",
    VITE_UPMOBILE_BASE_URL: sandbox.upmobile.url,
    VITE_UPMOBILE_TOKEN: sandbox.upmobile.token,
    VITE_TOPUP_BASE_URL: sandbox.topup.url,
    VITE_TOPUP_TOKEN: sandbox.topup.token,
  };
  Object.assign(process.env, env);
  try {
    await build({ root: appDir, logLevel: "warn", build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  server = await preview({
    root: appDir,
    logLevel: "warn",
    build: { outDir },
    preview: { port: 0, strictPort: false },
  });
  appUrl = server.resolvedUrls?.local[0] ?? "";
  expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  browser = await launchBrowser();
  harFolder = await mkdtemp(join(tmpdir(), "demo-har-"));
  ({ context, blocked } = await loopbackOnlyContext(browser, {
    recordHar: { path: join(harFolder, "demo.har"), content: "embed" },
  }));
  page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on("request", (request) => requests.push(`${request.method()} ${request.url()}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const from = message.location().url;
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    if (status && provoked.has(`${status} ${from}`)) return;
    errors.push(`${message.text()} (${from})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(appUrl);
  console.info(`e2e setup (sandbox, vite build, preview, Chromium) took ${Date.now() - started} ms`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (harFolder) await rm(harFolder, { recursive: true, force: true });
  await server?.close();
  await sandbox?.stop();
});

describe("the demo in Chromium against the real sandbox", () => {
  it("lists the accounts and pages through them", async () => {
    const table = page.getByRole("region", { name: "Accounts" });
    // Header + Ivan's 5 accounts (the last is the spec's example account, seeded for example-driven tools).
    await expect.poll(() => table.getByRole("row").count()).toBe(6);
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 1 of 1");

    await page.getByLabel("Per page").selectOption("2");
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 1 of 3");
    await expect
      .poll(() => table.locator("tbody tr td:first-child").allInnerTexts())
      .toEqual([expect.stringContaining("Main RUB account"), expect.stringContaining("Dollar account")]);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 2 of 3");
    await expect
      .poll(() => table.locator("tbody tr td:first-child").allInnerTexts())
      .toEqual([expect.stringContaining("Savings"), expect.stringContaining("Frozen dollar account")]);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 3 of 3");
    await expect
      .poll(() => table.locator("tbody tr td:first-child").allInnerTexts())
      .toEqual([expect.stringContaining("My Personal Account")]);
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 2 of 3");
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect.poll(() => page.getByTestId("accounts-page").textContent()).toBe("Page 1 of 3");
    expect(requests.some((r) => r.includes("/accounts?page=2&page_size=2"))).toBe(true);
  });

  it("previews a withdrawal, sends it once for a double click and follows it to completed", async () => {
    const main = page.locator("tr", { hasText: "Main RUB account" });
    expect(await main.locator('[data-cell="balance"]').textContent()).toBe("1,000,000.00");
    await expect
      .poll(() => page.getByLabel("Account", { exact: true }).inputValue())
      .toBe("5b7e2c14-9a3d-4f61-8e2b-1c0d9f8a7b61");
    const form = page.getByRole("form", { name: "New withdrawal" });
    await form.getByLabel("Operator").fill("beeline");
    await form.getByLabel("Destination").fill("+79001234567");
    await form.getByLabel("Amount").fill("100.50");
    await expect.poll(() => page.getByTestId("preview-total").textContent()).toBe("102.51 RUB");
    expect(await page.getByTestId("preview-commission").textContent()).toBe("2.01 RUB");

    await form.getByRole("button", { name: "Withdraw" }).dblclick();
    const progress = page.getByTestId("withdrawal-progress");
    await expect.poll(() => progress.getAttribute("data-phase"), { timeout: 10_000 }).toBe("done");
    // Each status the polls saw, in lifecycle order; a 200 ms "processing" may fall between two polls.
    const seen = await progress.getByRole("list", { name: "Status history" }).locator(".badge").allInnerTexts();
    expect(seen.join(" → ")).toMatch(/^pending( → processing)? → completed$/);
    expect(count("POST", `${sandbox.upmobile.url}/withdrawals`)).toBe(1);
    await expect.poll(() => main.locator('[data-cell="balance"]').textContent()).toBe("999,897.49");
    expect(await main.locator('[data-cell="held"]').textContent()).toBe("0.00");
    await screenshot(page, results, "withdrawal-completed");
  });

  it("looks an operation up by id, and says when there is none", async () => {
    const id = (await page.getByTestId("withdrawal-progress").locator(".mono").first().textContent()) ?? "";
    const lookup = page.getByRole("region", { name: "Look up an operation" });
    await page.getByLabel("Operation id").fill(id);
    await lookup.getByRole("button", { name: "Look up" }).click();
    await expect.poll(() => lookup.getByTestId("operation-card").getAttribute("data-status")).toBe("completed");

    const unknown = "00000000-0000-4000-8000-000000000000";
    provoked.add(`404 ${sandbox.upmobile.url}/operations/${unknown}`);
    await page.getByLabel("Operation id").fill(unknown);
    await lookup.getByRole("button", { name: "Look up" }).click();
    expect(await errorOf(lookup, "Operation id")).toBe(`No operation has the id ${unknown} (HTTP 404).`);
  });

  it("shows a validation error at its field and sends nothing", async () => {
    const form = page.getByRole("form", { name: "Top-up request" });
    await form.getByLabel("Amount").fill("1000");
    await form.getByRole("button", { name: "Send top-up request" }).click();
    expect(await errorOf(form, "From bank")).toBe("from_bank must not be empty.");
    expect(await errorOf(form, "Proof of transfer")).toBe(
      "to_attach_proof is required when type is from_bank_transfer.",
    );
    expect(count("POST", `${sandbox.topup.url}/topup/request/`)).toBe(0);
  });

  it("refuses an oversize proof before any upload", async () => {
    const form = page.getByRole("form", { name: "Top-up request" });
    await form.getByLabel("From bank").fill("Commercial International Bank");
    await form.getByLabel("From account number").fill("0012345678");
    await form.getByLabel("From account name").fill("John Doe");
    await form.getByLabel("Transfer date").fill("2024-01-15");
    // a file on disk reaches Chromium by path; a 2.8 MB buffer would cross the DevTools protocol as base64.
    const tooBig = join(results, "too-big.pdf");
    await writeFile(tooBig, Buffer.concat([tinyPdf(), Buffer.alloc(PROOF_MAX_BYTES + 1 - tinyPdf().length)]));
    await form.getByLabel("Proof of transfer").setInputFiles(tooBig);
    const message = `to_attach_proof must be at most ${bytes(PROOF_MAX_BYTES)} bytes (${(PROOF_MAX_BYTES / 1024 / 1024).toFixed(1)} MB); this file has ${bytes(PROOF_MAX_BYTES + 1)} bytes.`;
    expect(await errorOf(form, "Proof of transfer")).toBe(message);
    await form.getByRole("button", { name: "Send top-up request" }).click();
    expect(await errorOf(form, "Proof of transfer")).toBe(message);
    expect(requests.filter((r) => r.includes("/topup/request/"))).toEqual([]);
  });

  it("uploads a bank transfer with a real PDF once for a double click and shows its status", async () => {
    const form = page.getByRole("form", { name: "Top-up request" });
    const proof = join(results, "proof.pdf");
    await writeFile(proof, tinyPdf());
    await form.getByLabel("Proof of transfer").setInputFiles(proof);
    await expect.poll(() => form.getByLabel("Proof of transfer").getAttribute("aria-invalid")).toBeNull();
    await form.getByRole("button", { name: "Send top-up request" }).dblclick();
    await expect.poll(() => page.getByTestId("topup-status").textContent()).toBe("pending");
    expect(count("POST", `${sandbox.topup.url}/topup/request/`)).toBe(1);
    expect(await page.getByTestId("topup-result").textContent()).toMatch(/_proof\.pdf/);
    await screenshot(page, results, "topup-created");
  });

  it("puts the server's 400 field message at the same field", async () => {
    const form = page.getByRole("form", { name: "Top-up request" });
    await form.getByLabel("Type").selectOption("from_accept_balance");
    await form.getByLabel("Amount").fill("50");
    await form.getByLabel("Accept username").fill("accept_user_123");
    provoked.add(`400 ${sandbox.topup.url}/topup/request/`);
    await form.getByRole("button", { name: "Send top-up request" }).click();
    expect(await errorOf(form, "Amount")).toBe("Ensure this value is greater than or equal to 100.");
    expect(count("POST", `${sandbox.topup.url}/topup/request/`)).toBe(2);
  });

  it("fits a phone screen in one column", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const columns = await page
      .locator("form[aria-label='New withdrawal'] .grid")
      .evaluate((grid) => getComputedStyle(grid).gridTemplateColumns.split(" ").length);
    expect(columns).toBe(1);
    await screenshot(page, results, "phone");
  });

  it("logged no console errors and reached nothing but loopback", () => {
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it("leaves a HAR, written by Chromium, that verifies against the specs", async () => {
    // Closing the context is what makes Playwright write the HAR.
    await context.close();
    const { report } = await verifyHar([join(harFolder, "demo.har")], {
      baseUrls: { upmobile: sandbox.upmobile.url, topup: sandbox.topup.url },
      reportDir: join(results, "demo-har-report"),
    });
    const operations = new Set(report.coverage.map((c) => c.operationId));
    expect([...operations]).toEqual(expect.arrayContaining(["InitWithdrawal", "CreateTopupRequest", "GetOperation"]));
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.verdict).toBe("passed");
    // The page's own files come from the preview server: another host, counted and ignored.
    expect(report.totals.otherHosts).toBeGreaterThan(0);
  });
});
