// `pnpm docs`: bundles every API named in the root redocly.yaml, renders one offline Redoc page per API with
// TypeScript and curl samples for every operation, and writes an index page linking them, all under dist/.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findRepositoryRoot, readApis } from "@contracts/codegen";
import { appDir, distDir } from "./paths.mjs";
import { buildApiSamples, loadClientPackage, writeSamples } from "./samples.mjs";

/** @typedef {import("@contracts/codegen").ApiEntry} ApiEntry */
/** @typedef {import("./samples.mjs").ApiSamples} ApiSamples */

/** Written last by a successful build: a hash of each of its inputs, so tests can reuse a fresh dist. */
export const stampFile = join(distDir, ".build-stamp.json");

const require = createRequire(join(appDir, "package.json"));
const redoclyCli = resolve(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
const run = promisify(execFile);

// Note: Redoc 3 highlights a fixed set of languages, TypeScript not among them; the JavaScript grammar covers our
// samples (no type annotations). The label, which also keys the language picker, stays "TypeScript".
const TYPESCRIPT = { lang: "javascript", label: "TypeScript" };
const CURL = { lang: "bash", label: "curl" };

/** Redoc options: only our two sample languages (TypeScript first, so it is the default) and both downloads. */
const redocOptions = {
  codeSamples: { languages: [TYPESCRIPT, CURL] },
  downloadUrls: [
    { url: "openapi.yaml", title: "YAML" },
    { url: "openapi.json", title: "JSON" },
  ],
};

/**
 * Runs the Redocly CLI from the repository root (so it reads redocly.yaml); its output is shown only on failure.
 * @param {string} root
 * @param {string[]} args
 */
async function redocly(root, args) {
  try {
    // Note: telemetry off keeps the build offline and keeps the rendered pages from reporting to Redocly.
    const env = { ...process.env, REDOCLY_TELEMETRY: "off" };
    await run(process.execPath, [redoclyCli, ...args], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    throw new Error(`redocly ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

/**
 * A hash per file the build reads: redocly.yaml, each API's spec folder, the built client packages, and this app's
 * scripts and manifests; keys are paths relative to the repository root.
 * @param {string} root
 * @param {ApiEntry[]} apis
 * @returns {Promise<Record<string, string>>}
 */
export async function inputHashes(root, apis) {
  const dirs = [join(appDir, "scripts")];
  for (const api of apis) {
    dirs.push(dirname(api.specPath), join(dirname(require.resolve(`@contracts/${api.alias}/package.json`)), "dist"));
  }
  const files = [join(root, "redocly.yaml"), join(appDir, "package.json"), join(appDir, "tsconfig.json")];
  for (const dir of dirs) files.push(...(await listFiles(dir)));
  /** @type {Record<string, string>} */
  const hashes = {};
  for (const file of files.sort()) {
    hashes[relative(root, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return hashes;
}

/**
 * The inputs that changed since dist/ was built (all of them when there is no complete build); empty when fresh.
 * @param {string} [root]
 */
export async function staleInputs(root = findRepositoryRoot(appDir)) {
  const now = await inputHashes(root, readApis(root));
  const stamp = await readFile(stampFile, "utf8").catch(() => "");
  /** @type {Record<string, string>} */
  const built = stamp ? JSON.parse(stamp).inputs : {};
  const names = new Set([...Object.keys(now), ...Object.keys(built)]);
  return [...names].filter((name) => now[name] !== built[name]).sort();
}

/** @param {string} dir @returns {Promise<string[]>} */
async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Builds dist/: `<api>/openapi.yaml` and `.json` (redocly bundle, untouched), `<api>/index.html` (Redoc, scripts
 * inlined so it works offline, rendered from a copy with `x-codeSamples`), and `index.html`.
 * @param {{ root?: string, log?: (line: string) => void, started?: number }} [options] `started`: the
 *   `performance.now()` the reported build time counts from
 */
export async function buildDocs({
  root = findRepositoryRoot(appDir),
  log = console.log,
  started = performance.now(),
} = {}) {
  const apis = readApis(root);
  if (apis.length === 0) throw new Error(`${join(root, "redocly.yaml")} names no APIs.`);
  // Note: taken before anything is read, so inputs edited during the build leave the stamp stale, not wrong.
  const inputs = await inputHashes(root, apis);
  await rm(distDir, { recursive: true, force: true });
  const scratch = await mkdtemp(join(tmpdir(), "contracts-docs-"));
  try {
    // Note: the Redocly processes bundle while this process builds the samples from the spec and the clients.
    const bundled = apis.map((api) => bundleApi(root, api));
    // A failed bundle is reported where it is awaited; this stops it counting as unhandled if a sample error ends first.
    for (const pending of bundled) pending.catch(() => {});
    const samples = await Promise.all(apis.map(buildApiSamples));
    await writeSamples(samples);
    const infos = await Promise.all(
      samples.map(async (apiSamples, i) => renderApiPage(root, await bundled[i], apiSamples, scratch)),
    );
    await writeFile(join(distDir, "index.html"), renderIndex(infos));
    await writeFile(stampFile, `${JSON.stringify({ inputs }, null, 2)}\n`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  log(`Built ${relative(process.cwd(), distDir) || "."}/ in ${seconds.toFixed(1)} s (${apis.length} APIs):`);
  for (const file of await listFiles(distDir)) {
    if (file === stampFile) continue;
    const { size } = await stat(file);
    log(`  ${relative(distDir, file).padEnd(24)} ${(size / 1024).toFixed(0).padStart(6)} KiB`);
  }
  return { seconds };
}

/**
 * @typedef {object} ApiPage
 * @property {string} alias
 * @property {string} title
 * @property {string} version
 * @property {string} description
 * @property {number} operations
 */

/**
 * `redocly bundle` of one API to dist/<api>/openapi.yaml and .json; resolves with the parsed JSON bundle.
 * @param {string} root
 * @param {ApiEntry} api
 */
async function bundleApi(root, api) {
  const outDir = join(distDir, api.alias);
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, "openapi.json");
  await Promise.all([
    redocly(root, ["bundle", api.alias, "--output", join(outDir, "openapi.yaml")]),
    redocly(root, ["bundle", api.alias, "--ext", "json", "--output", json]),
  ]);
  return JSON.parse(await readFile(json, "utf8"));
}

/**
 * Adds the samples to a scratch copy of the bundle and renders that copy to dist/<api>/index.html.
 * @param {string} root
 * @param {any} bundle the JSON bundle (not modified)
 * @param {ApiSamples} apiSamples
 * @param {string} scratch
 * @returns {Promise<ApiPage>}
 */
async function renderApiPage(root, bundle, { api, operations }, scratch) {
  const copy = structuredClone(bundle);
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  for (const item of Object.values(copy.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const samples = byId.get(operation?.operationId);
      if (!samples) continue;
      operation["x-codeSamples"] = [
        { lang: TYPESCRIPT.lang, label: TYPESCRIPT.label, source: samples.typescript },
        { lang: CURL.lang, label: CURL.label, source: samples.curl },
      ];
    }
  }
  addAssumptionNotes(copy, (await loadClientPackage(api.alias)).specAssumptions);
  const rendered = join(scratch, `${api.alias}.json`);
  const options = join(scratch, `${api.alias}.options.json`);
  await writeFile(rendered, JSON.stringify(copy));
  await writeFile(options, JSON.stringify(redocOptions));
  await redocly(root, [
    "build-docs",
    rendered,
    "--output",
    join(distDir, api.alias, "index.html"),
    "--inlineBundle",
    "--title",
    bundle.info.title,
    `--openapi=${options}`,
  ]);
  return {
    alias: api.alias,
    title: bundle.info.title,
    version: bundle.info.version,
    description: firstParagraph(bundle.info.description ?? ""),
    operations: operations.length,
  };
}

/** The note every assumed part of a spec shows in the docs, before its own description. */
export const ASSUMPTION_NOTE = "**Assumption — verify with the provider.**";

/**
 * Prepends a visible note to the description of every part of the spec marked `x-assumed` (the generated
 * `specAssumptions`), so a reader sees what is our guess. A path item's note goes to each of its operations,
 * because Redoc shows no path-level description.
 * @param {any} document a copy of the bundle, changed in place
 * @param {Record<string, string>} assumptions JSON pointer → why
 */
export function addAssumptionNotes(document, assumptions) {
  const note = (/** @type {any} */ node, /** @type {string} */ why) => {
    node.description = `> ${ASSUMPTION_NOTE} ${why}${node.description ? `\n\n${node.description}` : ""}`;
  };
  for (const [pointer, why] of Object.entries(assumptions)) {
    const segments = pointer
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const node = segments.reduce((at, key) => at?.[key], document);
    if (typeof node !== "object" || node === null) throw new Error(`x-assumed at ${pointer} is not in the bundle.`);
    if (segments.length === 2 && segments[0] === "paths") {
      for (const operation of Object.values(node)) if (operation?.operationId) note(operation, why);
    } else note(node, why);
  }
}

/**
 * The first paragraph of a Markdown description, on one line.
 * @param {string} markdown
 */
function firstParagraph(markdown) {
  return (markdown.trim().split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ");
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The little Markdown a first paragraph uses: `code`, **bold** and *emphasis*, on escaped text.
 * @param {string} text
 */
function inlineMarkdown(text) {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>");
}

/**
 * The landing page: one card per API with its title, version, first paragraph and downloads.
 * @param {ApiPage[]} pages
 */
export function renderIndex(pages) {
  const cards = pages.map(
    (page) => `    <li class="api" id="${escapeHtml(page.alias)}">
      <h2><a href="${escapeHtml(page.alias)}/index.html">${escapeHtml(page.title)}</a>
        <span class="version">v${escapeHtml(page.version)}</span></h2>
      <p>${inlineMarkdown(page.description)}</p>
      <p class="meta">${page.operations} operations · bundled spec:
        <a href="${escapeHtml(page.alias)}/openapi.yaml" download>YAML</a> ·
        <a href="${escapeHtml(page.alias)}/openapi.json" download>JSON</a></p>
    </li>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
    main { max-width: 52rem; margin: 0 auto; padding: 2rem 1rem; }
    ul { list-style: none; padding: 0; }
    .api { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 1rem 1.5rem; margin: 1rem 0; }
    .api h2 { margin: 0.25rem 0; }
    .version { font-size: 0.8rem; font-weight: normal; color: #52606d; border: 1px solid #bcccdc;
      border-radius: 4px; padding: 0 0.4rem; vertical-align: middle; }
    .meta { color: #52606d; font-size: 0.9rem; }
    code { background: #eef2f7; padding: 0 0.2rem; border-radius: 3px; }
  </style>
</head>
<body>
  <main>
  <h1>API reference</h1>
  <p>Rendered from the OpenAPI specs in <code>specs/</code>. Every operation has a TypeScript sample using the
    generated client (type-checked in CI) and a curl sample.</p>
  <ul>
${cards.join("\n")}
  </ul>
  </main>
</body>
</html>
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    // The reported time counts from the start of this process, module loading included.
    await buildDocs({ started: 0 });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
