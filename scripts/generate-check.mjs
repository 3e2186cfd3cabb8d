#!/usr/bin/env node
// Regenerates every API from its spec (bypassing turbo's cache) and fails when a generated file differs from git.
import { execFileSync } from "node:child_process";

const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

run("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"]);
const changed = run("git", ["status", "--porcelain", "--", "packages/*/src/generated"]).trim();
if (changed) {
  console.error("Generated code has drifted from the specs. Run `pnpm generate` and commit the result:");
  console.error(changed);
  console.error(run("git", ["diff", "--stat", "--", "packages/*/src/generated"]));
  process.exit(1);
}
console.log("generate:check: generated code matches the specs.");
