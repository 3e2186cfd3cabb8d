import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import {
  type ApiEntry,
  findRepositoryRoot,
  type LoadedApi,
  loadApi,
  readApis,
  valueAtPointer,
} from "@contracts/codegen";
import { writeChangesPage } from "./changes.js";
import { escapeHtml, htmlPage } from "./html.js";
import { appDir, siteDir } from "./paths.js";
import { type ApiSamples, buildApiSamples } from "./samples.js";

const redoclyCli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");
const run = promisify(execFile);

// Redoc 3 highlights a fixed set of languages, TypeScript not among them; the JavaScript grammar covers our
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

/** Runs the Redocly CLI in the registry's root (so it reads that redocly.yaml); its output is shown only on failure. */
async function redocly(root: string, args: string[]): Promise<void> {
  try {
    // telemetry off keeps the build offline and keeps the rendered pages from reporting to Redocly.
    const env = { ...process.env, REDOCLY_TELEMETRY: "off" };
    await run(process.execPath, [redoclyCli, ...args], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

export interface BuildDocsOptions {
  /** The repository whose registry (`redocly.yaml`) names the APIs; this one by default. */
  root?: string;
  /** Where the site goes, emptied first; site/ by default. */
  outDir?: string;
  log?: (line: string) => void;
  /** The `performance.now()` the reported build time counts from. */
  started?: number;
}

/** What a build made: the index cards and every API's samples (which the caller may write out for the typecheck). */
export interface BuiltDocs {
  pages: ApiPage[];
  samples: ApiSamples[];
}

/** Builds the site into `outDir`, as the README's "What it builds" shows it. */
export async function buildDocs({
  root = findRepositoryRoot(appDir),
  outDir = siteDir,
  log = console.log,
  started = performance.now(),
}: BuildDocsOptions = {}): Promise<BuiltDocs> {
  const entries = readApis(root);
  if (entries.length === 0) throw new Error(`${join(root, "redocly.yaml")} names no APIs.`);
  await rm(outDir, { recursive: true, force: true });
  const scratch = await mkdtemp(join(tmpdir(), "contracts-docs-"));
  const built = await Promise.all(
    entries.map(async (entry) => {
      // the Redocly processes bundle while this process reads the spec's table and facts and builds the samples.
      const [bundle, api] = await Promise.all([bundleApi(root, entry, outDir), loadApi(entry)]);
      const samples = buildApiSamples(api);
      const page = await renderApiPage(root, api, bundle, samples, outDir, scratch);
      await writeChangesPage(root, api, join(outDir, api.alias, "changes.html"));
      return { page, samples };
    }),
  ).finally(() => rm(scratch, { recursive: true, force: true }));
  const pages = built.map(({ page }) => page);
  await writeFile(join(outDir, "index.html"), renderIndex(pages));
  const seconds = (performance.now() - started) / 1000;
  log(`Built ${relative(process.cwd(), outDir) || "."}/ in ${seconds.toFixed(1)} s (${entries.length} APIs):`);
  for (const entry of await readdir(outDir, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    const { size } = await stat(file);
    if (entry.isFile()) log(`  ${relative(outDir, file).padEnd(24)} ${(size / 1024).toFixed(0).padStart(6)} KiB`);
  }
  return { pages, samples: built.map(({ samples }) => samples) };
}

/** What the index card of one API shows. */
export interface ApiPage {
  alias: string;
  title: string;
  version: string;
  description: string;
  operations: number;
}

// biome-ignore lint/suspicious/noExplicitAny: Redocly's JSON bundle, edited as plain JSON
type Bundle = any;

/** `redocly bundle` of one API to `<outDir>/<api>/openapi.yaml` and `.json`; resolves with the parsed JSON bundle. */
async function bundleApi(root: string, api: ApiEntry, outDir: string): Promise<Bundle> {
  const apiDir = join(outDir, api.alias);
  await mkdir(apiDir, { recursive: true });
  const json = join(apiDir, "openapi.json");
  await Promise.all([
    redocly(root, ["bundle", api.alias, "--output", join(apiDir, "openapi.yaml")]),
    redocly(root, ["bundle", api.alias, "--ext", "json", "--output", json]),
  ]);
  return JSON.parse(await readFile(json, "utf8"));
}

/** Renders `<outDir>/<api>/index.html` from the parsed bundle (the file stays as downloaded) with samples and notes. */
async function renderApiPage(
  root: string,
  api: LoadedApi,
  bundle: Bundle,
  { operations }: ApiSamples,
  outDir: string,
  scratch: string,
): Promise<ApiPage> {
  for (const samples of operations) {
    const pointer = api.facts.operations[samples.operationId]?.pointer ?? "";
    const operation = valueAtPointer(bundle, pointer) as Bundle;
    if (operation?.operationId !== samples.operationId) {
      throw new Error(`${api.alias}: ${samples.operationId} is not at ${pointer} in the bundle.`);
    }
    operation["x-codeSamples"] = [
      { ...TYPESCRIPT, source: samples.typescript },
      { ...CURL, source: samples.curl },
    ];
  }
  addAssumptionNotes(bundle, api.assumptions);
  const rendered = join(scratch, `${api.alias}.json`);
  const options = join(scratch, `${api.alias}.options.json`);
  await writeFile(rendered, JSON.stringify(bundle));
  await writeFile(options, JSON.stringify(redocOptions));
  const args = ["--output", join(outDir, api.alias, "index.html"), "--inlineBundle", `--title=${api.facts.title}`];
  await redocly(root, ["build-docs", rendered, ...args, `--openapi=${options}`]);
  const { description = "" } = api.document.info as { description?: string };
  return {
    alias: api.alias,
    title: api.facts.title,
    version: api.facts.version,
    description: firstParagraph(description),
    operations: Object.keys(api.operations).length,
  };
}

/** The note every assumed part of a spec shows in the docs, before its own description. */
export const ASSUMPTION_NOTE = "**Assumption — verify with the provider.**";

/**
 * Prepends a visible note to every part of the bundle marked `x-assumed` (pointer → why), so a reader sees what is our
 * guess; a path item's note goes to each of its operations, as Redoc shows no path-level description.
 */
export function addAssumptionNotes(document: Bundle, assumptions: Readonly<Record<string, string>>): void {
  const note = (node: Bundle, why: string) => {
    node.description = `> ${ASSUMPTION_NOTE} ${why}${node.description ? `\n\n${node.description}` : ""}`;
  };
  for (const [pointer, why] of Object.entries(assumptions)) {
    const node = valueAtPointer(document, pointer) as Bundle;
    if (typeof node !== "object" || node === null) throw new Error(`x-assumed at ${pointer} is not in the bundle.`);
    if (/^\/paths\/[^/]+$/.test(pointer)) {
      for (const operation of Object.values<Bundle>(node)) if (operation?.operationId) note(operation, why);
    } else note(node, why);
  }
}

/** The first paragraph of a Markdown description, on one line. */
function firstParagraph(markdown: string): string {
  return (markdown.trim().split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ");
}

/** The little Markdown a first paragraph uses: `code`, **bold** and *emphasis*, on escaped text. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>");
}

/** The landing page: one card per API with its title, version, first paragraph and downloads. */
export function renderIndex(pages: ApiPage[]): string {
  const cards = pages.map(
    (page) => `    <li class="api" id="${escapeHtml(page.alias)}">
      <h2><a href="${escapeHtml(page.alias)}/index.html">${escapeHtml(page.title)}</a>
        <span class="version">v${escapeHtml(page.version)}</span></h2>
      <p>${inlineMarkdown(page.description)}</p>
      <p class="meta">${page.operations} operations · bundled spec:
        <a href="${escapeHtml(page.alias)}/openapi.yaml" download>YAML</a> ·
        <a href="${escapeHtml(page.alias)}/openapi.json" download>JSON</a> ·
        <a href="${escapeHtml(page.alias)}/changes.html">Changes</a></p>
    </li>`,
  );
  const css = `    ul { list-style: none; padding: 0; }
    .api { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 1rem 1.5rem; margin: 1rem 0; }
    .api h2 { margin: 0.25rem 0; }
    .version { font-size: 0.8rem; font-weight: normal; color: #52606d; border: 1px solid #bcccdc;
      border-radius: 4px; padding: 0 0.4rem; vertical-align: middle; }
    .meta { color: #52606d; font-size: 0.9rem; }`;
  return htmlPage(
    "API reference",
    "52rem",
    css,
    `  <h1>API reference</h1>
  <p>Rendered from the OpenAPI specs in <code>specs/</code>. Every operation has a TypeScript sample using the
    generated client (type-checked in CI) and a curl sample.</p>
  <ul>
${cards.join("\n")}
  </ul>`,
  );
}
