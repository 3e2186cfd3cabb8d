import { join } from "node:path";
import { generateApi, writeGenerated } from "./generate.js";
import { findRepositoryRoot, readApis } from "./workspace.js";

const usage = "usage: contracts-codegen <api> [--out DIR]   (api: an alias from redocly.yaml)";

async function main(argv: string[]): Promise<void> {
  const [alias, flag, dir] = argv;
  if (!alias || (flag !== undefined && flag !== "--out") || (flag === "--out" && !dir)) throw new Error(usage);
  const root = findRepositoryRoot();
  const apis = readApis(root);
  const api = apis.find((a) => a.alias === alias);
  if (!api) throw new Error(`Unknown API "${alias}"; redocly.yaml names: ${apis.map((a) => a.alias).join(", ")}.`);
  const outDir = dir ?? join(root, "packages", alias, "src", "generated");
  const started = performance.now();
  const written = await writeGenerated(outDir, await generateApi(api));
  const took = Math.round(performance.now() - started);
  console.log(`${alias}: ${written.length ? `wrote ${written.join(", ")}` : "up to date"} (${took} ms)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
