#!/usr/bin/env node
// Regenerates every API from its spec (bypassing turbo's cache), and the list of assumptions in specs/README.md, and
// fails when a generated file or that list differs from git.
import { execFileSync } from "node:child_process";

const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

run("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"]);
run("node", ["scripts/assumptions-list.mjs"]);
const generated = ["packages/*/src/generated", "specs/README.md"];
const changed = run("git", ["status", "--porcelain", "--", ...generated]).trim();
if (changed) {
  console.error("Generated code has drifted from the specs. Run `pnpm generate` and commit the result:");
  console.error(changed);
  console.error(run("git", ["diff", "--stat", "--", ...generated]));
  process.exit(1);
}
console.log("generate:check: generated code matches the specs.");
