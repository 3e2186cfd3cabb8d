#!/usr/bin/env node
// The release's API gate: a published package whose API report (packages/<name>/api/*.api.md) or whose API's spec
// (specs/<name>/: a stricter request rule changes no report, but changes what the client sends) changed since the
// base must name that change in a changeset added since then, or already carry a new version (`pnpm
// version-packages` consumed the changeset into its CHANGELOG). The base is the last release tag, else main;
// `pnpm release` runs this first.
//   node scripts/api-gate.mjs [--base <ref>] [--root <dir>] [--json]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { publishedPackages } from "./published.mjs";

const gitIn = (root) => (args) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

/** The last release's tag (Changesets tags `@contracts/runtime@x.y.z`), else main, else null. */
export function defaultBase(root) {
  const git = gitIn(root);
  try {
    return git(["describe", "--tags", "--abbrev=0", "--match", "@contracts/runtime@*"]);
  } catch {}
  for (const ref of ["main", "origin/main"]) {
    try {
      git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
      return ref;
    } catch {}
  }
  return null;
}

/** Package names released by the changesets added since `since` (their front matter), still pending. */
function addedReleases(root, git, since) {
  const files = [
    ...git(["diff", "--name-only", "--diff-filter=A", since, "--", ".changeset/*.md"]).split("\n"),
    ...git(["ls-files", "--others", "--exclude-standard", "--", ".changeset/*.md"]).split("\n"),
  ].filter((f) => f && f !== ".changeset/README.md" && existsSync(join(root, f)));
  const named = new Set();
  for (const file of files) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(root, file), "utf8"))?.[1] ?? "";
    for (const [, name] of front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) named.add(name);
  }
  return named;
}

/** The packages whose report changed since `base` (committed, staged, unstaged or new), and those of them unexplained. */
export function apiGate({ root, base }) {
  const git = gitIn(root);
  const since = git(["merge-base", base, "HEAD"]);
  const watched = ["packages/*/api/*.api.md", "specs/"];
  const files = [
    ...git(["diff", "--name-only", since, "--", ...watched]).split("\n"),
    ...git(["ls-files", "--others", "--exclude-standard", "--", ...watched]).split("\n"),
  ].filter(Boolean);
  const changed = publishedPackages(root)
    .map((p) => p.folder)
    .filter((name) => files.some((f) => f.startsWith(`packages/${name}/api/`) || f.startsWith(`specs/${name}/`)));
  const pending = addedReleases(root, git, since);
  const unexplained = changed.filter((name) => {
    const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
    if (pending.has(manifest.name)) return false;
    let before = null;
    try {
      before = JSON.parse(git(["show", `${since}:packages/${name}/package.json`])).version;
    } catch {}
    return before === manifest.version;
  });
  return { base, changed, unexplained };
}

if (process.argv[1] === import.meta.filename) {
  const arg = (flag) => {
    const at = process.argv.indexOf(flag);
    return at === -1 ? undefined : process.argv[at + 1];
  };
  const root = arg("--root") ?? join(import.meta.dirname, "..");
  const base = arg("--base") ?? defaultBase(root);
  if (!base) {
    console.error("api gate: no release tag and no main branch to compare the API reports with; pass --base <ref>.");
    process.exit(1);
  }
  const outcome = apiGate({ root, base });
  if (process.argv.includes("--json")) console.log(JSON.stringify(outcome));
  else if (outcome.unexplained.length) {
    console.error(
      `api gate: the public API of ${outcome.unexplained.map((n) => `@contracts/${n}`).join(", ")} changed since ` +
        `${base} (packages/<name>/api/ or specs/<name>/) and no changeset names it: add one with \`pnpm changeset\`.`,
    );
  } else console.log(`api gate: every API change since ${base} has a changeset (${outcome.changed.length} changed).`);
  if (outcome.unexplained.length) process.exit(1);
}
