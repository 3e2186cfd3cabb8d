#!/usr/bin/env node
// Node 24 (the current LTS) for the tests that must pass on it too: installed from the npm registry into
// .tools/node24, never over the machine's own node. `node scripts/node24.mjs --install` only installs it;
// `node scripts/node24.mjs <command> [args…]` runs the command with Node 24 first on PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Node 24 release the tests run on. */
export const NODE24_VERSION = "24.21.0";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prefix = join(root, ".tools", "node24");

/** The folder holding Node 24's `node`, installed first when it is missing or another version. */
export function ensureNode24() {
  const bin = join(prefix, "bin");
  const node = join(bin, "node");
  const installed = existsSync(node) ? execFileSync(node, ["--version"], { encoding: "utf8" }).trim() : null;
  if (installed !== `v${NODE24_VERSION}`) {
    console.error(`Installing Node ${NODE24_VERSION} into ${prefix} (found ${installed ?? "none"})…`);
    execFileSync(
      "npm",
      ["install", "--global", `node@${NODE24_VERSION}`, "--prefix", prefix, "--no-audit", "--no-fund"],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
  }
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  const bin = ensureNode24();
  if (command && command !== "--install") {
    // Note: EXPECT_NODE_MAJOR lets a test prove it really runs on Node 24 (see packages/runtime/test).
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, EXPECT_NODE_MAJOR: "24" };
    const { status, error } = spawnSync(command, args, { stdio: "inherit", env });
    if (error) throw error;
    process.exitCode = status ?? 1;
  }
}
