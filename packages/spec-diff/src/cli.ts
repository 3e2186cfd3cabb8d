#!/usr/bin/env node
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { findRepositoryRoot } from "@contracts/codegen";
import { diffRegistry } from "./registry.js";
import { renderText } from "./report.js";
import { mergeBase } from "./versions.js";

// `pnpm spec:diff [--base REF] [--json]`: each spec of the work tree against its version at REF (the merge-base
// with main by default); exits 1 when a change breaks the generated clients without a major version bump.
const usage = "Usage: pnpm spec:diff [--base REF] [--json]";

try {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--")),
    options: { base: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const root = findRepositoryRoot(process.env.INIT_CWD ?? process.cwd());
  const base = values.base ?? (await mergeBase(root));
  const shown = execFileSync("git", ["rev-parse", "--short", base], { cwd: root, encoding: "utf8" }).trim();
  const result = await diffRegistry(root, base);
  console.log(
    values.json
      ? JSON.stringify(result, null, 2)
      : renderText(result.diffs, `${values.base ?? "merge-base with main"} ${shown}`),
  );
  if (!result.ok) {
    console.error("Breaking changes without a major version bump: raise info.version's major, or change the spec.");
  }
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
