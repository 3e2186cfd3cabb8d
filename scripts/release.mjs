#!/usr/bin/env node
// `pnpm release`: builds the published packages and publishes every version the registry does not have yet
// (Changesets' own `changeset publish`, which also tags them). `pnpm release --dry-run` builds and shows what would
// be published, tarball by tarball, without needing a registry or a login.
import { execFileSync } from "node:child_process";

const PUBLISHED = ["@contracts/runtime", "@contracts/upmobile", "@contracts/topup"];
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
const dryRun = process.argv.includes("--dry-run");

run("pnpm", ["exec", "turbo", "run", "build", ...PUBLISHED.map((p) => `--filter=${p}`), "--output-logs=errors-only"]);
if (dryRun) {
  const filters = PUBLISHED.flatMap((p) => ["--filter", p]);
  run("pnpm", ["-r", ...filters, "publish", "--dry-run", "--no-git-checks", "--access", "public"]);
} else {
  run("pnpm", ["exec", "changeset", "publish"]);
}
