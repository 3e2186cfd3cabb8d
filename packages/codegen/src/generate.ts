import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { banner } from "./banner.js";
import { loadSpec } from "./load-spec.js";
import { renderOperationsModule } from "./operations.js";
import { renderTypesModule } from "./public-types.js";
import { readSpec } from "./spec-model.js";
import { generateTypes } from "./types.js";
import { generateValidatorCode, renderValidatorsModule } from "./validators.js";
import type { ApiEntry } from "./workspace.js";

/** A generated file: its name inside `src/generated/` and its full text, banner included. */
export interface GeneratedFile {
  name: string;
  contents: string;
}

/** Runs the whole pipeline for one API and returns the files; writes nothing. */
export async function generateApi(api: ApiEntry): Promise<GeneratedFile[]> {
  const model = readSpec(await loadSpec(api.specPath));
  const head = banner(api.specRelativePath);
  const { code, plan } = generateValidatorCode(model);
  return [
    { name: "schema.gen.ts", contents: `${head}\n${await generateTypes(model.document, model.openEnums)}` },
    { name: "operations.gen.ts", contents: `${head}\n${renderOperationsModule(model)}` },
    // Ajv's standalone output is untyped JavaScript; validators.gen.ts gives it its types.
    { name: "ajv.gen.ts", contents: `${head}// @ts-nocheck\n${code}` },
    { name: "validators.gen.ts", contents: `${head}\n${renderValidatorsModule(plan)}` },
    { name: "types.gen.ts", contents: `${head}\n${renderTypesModule(model)}` },
  ];
}

/** Writes the files into `outDir`, touching only those whose text changed; returns the names written. */
export async function writeGenerated(outDir: string, files: GeneratedFile[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const target = join(outDir, file.name);
    const current = await readFile(target, "utf8").catch(() => null);
    if (current === file.contents) continue;
    await writeFile(target, file.contents);
    written.push(file.name);
  }
  return written;
}
