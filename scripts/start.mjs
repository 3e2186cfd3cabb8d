#!/usr/bin/env node
// `pnpm start`: generates the clients from the specs, builds every package, and reports what it produced.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

execFileSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], { stdio: "inherit" });

console.log("\nGenerated from the specs:");
for (const api of readdirSync("packages")) {
  const dir = join("packages", api, "src", "generated");
  let files;
  try {
    files = readdirSync(dir);
  } catch {
    continue;
  }
  for (const file of files) console.log(`  ${join(dir, file)}  (${statSync(join(dir, file)).size} bytes)`);
}
console.log("\nBuilt packages: packages/*/dist. Run `pnpm test` to run every test.");
