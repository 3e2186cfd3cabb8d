#!/usr/bin/env node
// `pnpm release`: builds the published packages and publishes every version the registry does not have yet
// (Changesets' own `changeset publish`, which also tags them), then tags each spec's version as
// `spec/<alias>@<info.version>` (the docs' Changes pages and `pnpm spec:diff --base` read those tags).
// `pnpm release --dry-run` builds and shows what would be published and tagged, without a registry or a login.
// Both first run the API gate (scripts/api-gate.mjs).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { publishedPackages } from "./published.mjs";

const PUBLISHED = publishedPackages(join(import.meta.dirname, "..")).map((p) => p.name);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
const dryRun = process.argv.includes("--dry-run");

// A public API that changed without a changeset (the API reports against the last release) stops the release.
run("node", [`${import.meta.dirname}/api-gate.mjs`]);

// spec-diff (and codegen under it) read each spec's version and name its tag below.
const BUILT = [...PUBLISHED, "@contracts/spec-diff"];
run("pnpm", ["exec", "turbo", "run", "build", ...BUILT.map((p) => `--filter=${p}`), "--output-logs=errors-only"]);
// What is published is what the reports describe: they were reviewed, the .d.ts files were not.
run("node", [`${import.meta.dirname}/api-report.mjs`, "--check"]);
if (dryRun) {
  const filters = PUBLISHED.flatMap((p) => ["--filter", p]);
  run("pnpm", ["-r", ...filters, "publish", "--dry-run", "--no-git-checks", "--access", "public"]);
} else {
  run("pnpm", ["exec", "changeset", "publish"]);
}

const { findRepositoryRoot, loadApis } = await import("../packages/codegen/dist/index.js");
const { specTag } = await import("../packages/spec-diff/dist/index.js");
const root = findRepositoryRoot(import.meta.dirname);
const tags = new Set(execFileSync("git", ["tag", "--list", "spec/*"], { cwd: root, encoding: "utf8" }).split("\n"));
for (const api of await loadApis(root)) {
  const tag = specTag(api.alias, api.facts.version);
  if (tags.has(tag)) continue;
  if (dryRun) console.log(`would tag ${tag}`);
  else {
    execFileSync("git", ["tag", tag], { cwd: root, stdio: "inherit" });
    console.log(`tagged ${tag}`);
  }
}
