#!/usr/bin/env node
// Writes the list of assumptions in specs/README.md (between its two markers) from the specs' `x-assumed` markers,
// as codegen reads them (`loadApis`, the one reading of a spec). `pnpm generate` runs it after the packages' generate
// tasks (which build codegen); `pnpm generate:check` fails when the committed list differs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findRepositoryRoot, loadApis } from "../packages/codegen/dist/index.js";

const start = "<!-- assumptions: start (written by `pnpm generate` from the x-assumed markers; do not edit) -->";
const end = "<!-- assumptions: end -->";

const root = findRepositoryRoot(import.meta.dirname);
const file = join(root, "specs", "README.md");
const text = readFileSync(file, "utf8");
const [before, rest] = text.split(start);
const after = rest?.split(end)[1];
if (before === undefined || after === undefined) throw new Error(`${file} lacks the lines ${start} and ${end}.`);

const cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const sections = (await loadApis(root)).map((api) => {
  const rows = Object.entries(api.assumptions).map(([pointer, why]) => `| \`${pointer}\` | ${cell(why)} |`);
  const title = api.document.info?.title ?? api.alias;
  return [`### ${title} (\`${api.specRelativePath}\`)`, "", "| where | why |", "| --- | --- |", ...rows].join("\n");
});
const next = `${before}${start}\n\n${sections.join("\n\n")}\n\n${end}${after}`;
if (next !== text) writeFileSync(file, next);
console.log(`assumptions-list: specs/README.md ${next === text ? "up to date" : "written"}.`);
