/** Section "bundle": the gzipped bytes each client package (and its `./validators` alone) adds to a browser bundle. */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { formatOps, mark, table } from "./report.js";
import { BenchAbort, type BenchSection } from "./sections.js";

/** Gzipped bytes of a client, validators included, must be at most this (15 kB). */
export const BUNDLE_TARGET_BYTES = 15 * 1024;

const ENTRIES = [
  { api: "upmobile", entry: "client", source: 'export { createUpmobileClient } from "@contracts/upmobile";\n' },
  { api: "upmobile", entry: "validators", source: 'export * from "@contracts/upmobile/validators";\n' },
  { api: "topup", entry: "client", source: 'export { createTopupClient } from "@contracts/topup";\n' },
  { api: "topup", entry: "validators", source: 'export * from "@contracts/topup/validators";\n' },
] as const;

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const ENTRY_DIR = fileURLToPath(new URL("./bundle-entries/", import.meta.url));

/** One Vite library build of `entry`, in memory; returns the single ES chunk's code. */
async function bundle(entry: string, name: string, removeWhitespace: boolean): Promise<string> {
  const { build } = await import("vite");
  const output = await build({
    configFile: false,
    envFile: false,
    publicDir: false,
    root: BENCH_DIR,
    logLevel: "silent",
    build: {
      write: false,
      minify: true,
      target: "es2022",
      reportCompressedSize: false,
      lib: { entry, formats: ["es"], fileName: name },
      // in library mode Vite leaves whitespace in ES output for the application's build to remove; a browser
      // receives the application's output, so that pass is applied here too (and the lib output reported beside).
      rolldownOptions: { external: [], output: removeWhitespace ? { minify: true, comments: false } : {} },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const chunks = results.flatMap((result) => ("output" in result ? result.output : []));
  const [chunk] = chunks;
  if (chunks.length !== 1 || chunk?.type !== "chunk") {
    throw new BenchAbort(`Bundling ${name} gave ${chunks.length} files; expected one chunk.`);
  }
  // nothing may stay external (openapi-fetch and the runtime are part of what a browser downloads).
  if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0) {
    throw new BenchAbort(`The ${name} bundle still imports ${[...chunk.imports, ...chunk.dynamicImports].join(", ")}.`);
  }
  return chunk.code;
}

export const bundleSection: BenchSection = {
  id: "bundle",
  title: "Client runtime: gzipped browser bundle per API (Vite library build)",
  async run(context) {
    mkdirSync(ENTRY_DIR, { recursive: true });
    const results = [];
    for (const { api, entry, source } of ENTRIES) {
      const name = `${api}-${entry}`;
      const file = `${ENTRY_DIR}${name}.js`;
      writeFileSync(file, source);
      context.log(`  bundling ${name} …`);
      const minified = await bundle(file, name, true);
      const lib = await bundle(file, name, false);
      const gzipBytes = gzipSync(minified).length;
      const target = entry === "client" ? BUNDLE_TARGET_BYTES : null;
      results.push({
        api,
        entry,
        minifiedBytes: Buffer.byteLength(minified),
        gzipBytes,
        libBytes: Buffer.byteLength(lib),
        libGzipBytes: gzipSync(lib).length,
        target,
        met: target === null ? null : gzipBytes <= target,
      });
    }
    const rows: string[][] = [["entry", "minified", "gzip", "target", "", "lib output", "lib gzip"]];
    for (const r of results) {
      rows.push([
        r.entry === "client" ? `@contracts/${r.api} (client + validators)` : `@contracts/${r.api}/validators`,
        `${formatOps(r.minifiedBytes)} B`,
        `${formatOps(r.gzipBytes)} B`,
        r.target === null ? "" : `≤ ${formatOps(r.target)} B`,
        mark(r.met),
        `${formatOps(r.libBytes)} B`,
        `${formatOps(r.libGzipBytes)} B`,
      ]);
    }
    const lines = [
      "Vite build() library mode, ESM, target es2022, minified, nothing external (openapi-fetch included);",
      "gzip: node:zlib default level. minified/gzip: whitespace removed too, as an app's production build ships it;",
      "lib output: Vite's library-mode ES output as is (it leaves whitespace for the app's build).",
      "",
      ...table(rows, "  "),
    ];
    return { lines, json: { generatedAt: new Date().toISOString(), results } };
  },
};
