import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { auditGeneratedSource } from "@contracts/codegen";
import { describe, expect, it } from "vitest";

const generated = join(import.meta.dirname, "..", "src", "generated");

describe("the generated code of @contracts/topup", () => {
  it.each(readdirSync(generated))(
    "%s carries the banner and no require, eval, new Function or Node built-in",
    (file) => {
      expect(auditGeneratedSource(file, readFileSync(join(generated, file), "utf8"))).toEqual([]);
    },
  );

  it("documents the form's discriminator (type) in the spec's words only, without openapi-typescript's note", () => {
    const types = readFileSync(join(generated, "schema.gen.ts"), "utf8");
    expect(types).toContain("It is always `from_bank_transfer` in this variant and is case-sensitive.\n");
    expect(types).not.toContain("openapi-typescript)");
  });

  it("validates with code generation from strings disallowed, as under a strict Content-Security-Policy", () => {
    // V8's --disallow-code-generation-from-strings makes eval and new Function throw, as CSP does in a browser.
    const script = `const v = await import("@contracts/topup/validators"); console.log(JSON.stringify(v.validateRequestBody("CreateTopupRequest", { amount: 0, type: "from_accept_balance", currency: "egyptian_pound", username: "u" })));`;
    const output = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script],
      {
        cwd: join(import.meta.dirname, ".."),
        encoding: "utf8",
      },
    );
    const result = JSON.parse(output);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});
