import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const script = join(import.meta.dirname, "..", "..", "..", "scripts", "api-report.mjs");

it("api/*.api.md describe the built declarations, so a change to the public surface shows in review", async () => {
  // The script names the reports that differ and the command that rewrites them (`pnpm api:update`).
  const outcome = await promisify(execFile)("node", [script, "--check", "topup"]).then(
    () => "",
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
  );
  expect(outcome).toBe("");
}, 120_000);
