#!/usr/bin/env node
// The Node lines the published packages promise to run on (their `engines` and the support policy in their READMEs),
// each installed from the npm registry into .tools/node<major>, never over the machine's own node.
//   node scripts/node-lines.mjs --install            installs every line (missing or other version only)
//   node scripts/node-lines.mjs <major> <cmd> [args]  runs a command with that line first on PATH
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One release per line: 20.19.0 is the floor of `engines` (`require()` of ES modules needs it), the others the
 * newest of their line when they were pinned. Node 26 is the active LTS; 22 and 24 are in maintenance.
 */
export const NODE_LINES = { 20: "20.19.0", 22: "22.23.3", 24: "24.21.0", 26: "26.10.0" };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The folder holding a line's `node`, installed first when it is missing or another version. */
export function ensureNode(major) {
  const version = NODE_LINES[major];
  if (!version) throw new Error(`No pinned Node ${major}: the lines are ${Object.keys(NODE_LINES).join(", ")}.`);
  const prefix = join(root, ".tools", `node${major}`);
  const bin = join(prefix, "bin");
  const node = join(bin, "node");
  const installed = existsSync(node) ? execFileSync(node, ["--version"], { encoding: "utf8" }).trim() : null;
  if (installed !== `v${version}`) {
    console.error(`Installing Node ${version} into ${prefix} (found ${installed ?? "none"})…`);
    execFileSync("npm", ["install", "--global", `node@${version}`, "--prefix", prefix, "--no-audit", "--no-fund"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [first, command, ...args] = process.argv.slice(2);
  if (first === "--install") {
    for (const major of Object.keys(NODE_LINES)) ensureNode(major);
  } else {
    const bin = ensureNode(first);
    if (!command) throw new Error("Usage: node scripts/node-lines.mjs <major> <command> [args…]");
    // EXPECT_NODE_MAJOR lets a test prove it really runs on the line asked for (see packages/runtime/test).
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, EXPECT_NODE_MAJOR: first };
    const { status, error } = spawnSync(command, args, { stdio: "inherit", env });
    if (error) throw error;
    process.exitCode = status ?? 1;
  }
}
