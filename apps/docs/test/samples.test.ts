import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { findRepositoryRoot, loadApis, readApis } from "@contracts/codegen";
import { beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../src/paths.js";
import { type ApiSamples, buildApiSamples, clientPackage, writeSamples } from "../src/samples.js";
import { checkSamples } from "./support/check-samples.js";

// under apps/docs, so the samples resolve @contracts/* exactly as samples/ does; test-results/ is gitignored.
const scratch = join(appDir, "test-results", "samples-check");
let all: ApiSamples[];

function sample(alias: string, operationId: string) {
  const found = all.find(({ api }) => api.alias === alias)?.operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`No sample for ${alias} ${operationId}.`);
  return found;
}

/** Writes one edited copy of a generated sample where the checker can resolve the packages, and returns its path. */
async function brokenCopy(alias: string, operationId: string, edit: (source: string) => string) {
  const original = await readFile(join(scratch, "ok", alias, `${operationId}.ts`), "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  const file = join(scratch, "broken", alias, `${operationId}.ts`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, edited);
  return file;
}

beforeAll(async () => {
  all = (await loadApis(findRepositoryRoot(appDir))).map(buildApiSamples);
  await rm(scratch, { recursive: true, force: true });
});

describe("the client factory convention", () => {
  it("names create<Alias in PascalCase>Client from @contracts/<alias>", () => {
    expect(clientPackage("upmobile")).toEqual({ name: "@contracts/upmobile", factory: "createUpmobileClient" });
    expect(clientPackage("topup")).toEqual({ name: "@contracts/topup", factory: "createTopupClient" });
    expect(clientPackage("card-payouts")).toEqual({
      name: "@contracts/card-payouts",
      factory: "createCardPayoutsClient",
    });
  });

  // every API of this repository's registry has its client package (the samples' typecheck imports them all).
  it.each(readApis(findRepositoryRoot(appDir)).map((api) => [api.alias] as const))(
    "holds for %s: its package exports the factory the samples call",
    async (alias) => {
      const { name, factory } = clientPackage(alias);
      const module: Record<string, unknown> = await import(name);
      expect(typeof module[factory], `${name} exports ${factory}`).toBe("function");
    },
  );
});

describe("samples", () => {
  it("exist for every operation of every API, calling the client with the operationTable's method and path", async () => {
    expect(all.map(({ api }) => api.alias).sort()).toEqual(["topup", "upmobile"]);
    for (const { api, operations } of all) {
      const { factory } = clientPackage(api.alias);
      const { operationTable } = await import(`@contracts/${api.alias}/spec`);
      expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(operationTable).sort());
      for (const { operationId, method, path, typescript, curl } of operations) {
        expect({ method, path }).toEqual({
          method: operationTable[operationId].method,
          path: operationTable[operationId].path,
        });
        expect(typescript).toContain(`import { ${factory} } from "@contracts/${api.alias}";`);
        expect(typescript).toContain(`await ${api.alias}.${method}(${JSON.stringify(path)}`);
        expect(curl).toMatch(/^curl /);
      }
    }
  });

  it("show curl with the bearer token, JSON bodies, multipart -F parts and a form-urlencoded token request", () => {
    const withdrawal = sample("upmobile", "InitWithdrawal").curl;
    expect(withdrawal).toContain(`curl -X POST http://127.0.0.1:4010/withdrawals`);
    expect(withdrawal).toContain(`-H "Authorization: Bearer $TOKEN"`);
    expect(withdrawal).toContain(`-H "Content-Type: application/json"`);
    expect(withdrawal).toContain(`"destination": "+79999999999"`);
    expect(sample("upmobile", "GetAccounts").curl).toContain(`'http://127.0.0.1:4010/accounts?page=1&page_size=20'`);

    const topup = sample("topup", "CreateTopupRequest");
    expect(topup.curl).toContain(`-F 'to_attach_proof=@proof.pdf;type=application/pdf'`);
    expect(topup.curl).toContain(`-F 'from_bank=Commercial International Bank'`);
    expect(topup.curl).toContain(`-H "Authorization: Bearer $TOKEN"`);
    expect(topup.typescript).toContain(`to_attach_proof: toAttachProof,`);
    expect(topup.typescript).toContain(`new File([await readFile("proof.pdf")], "proof.pdf"`);

    const token = sample("topup", "ObtainToken");
    expect(token.curl).toContain(`-d grant_type=password`);
    expect(token.curl).not.toContain("Authorization");
    expect(token.typescript).not.toContain("token:");
  });

  it("compile against the real packages", async () => {
    const files = await writeSamples(all, join(scratch, "ok"));
    expect(files).toHaveLength(all.reduce((n, { operations }) => n + operations.length, 0));
    expect(checkSamples(files)).toEqual({ ok: true, errors: [] });
  });

  it("fail the check when a sample sends a field the client does not know", async () => {
    const file = await brokenCopy("upmobile", "InitWithdrawal", (s) => s.replace("operator_code:", "operator_kode:"));
    const result = checkSamples([file]);
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/broken\/upmobile\/InitWithdrawal\.ts:\d+:\d+ .*'operator_kode'/);
  });

  it("fail the check when a sample calls a path or passes a parameter type the client does not have", async () => {
    const wrongPath = await brokenCopy("topup", "InquireTopupRequests", (s) =>
      s.replace(`"/topup/inquire/"`, `"/topup/inquiry/"`),
    );
    const wrongType = await brokenCopy("upmobile", "GetAccounts", (s) => s.replace("page: 1", `page: "1"`));
    const result = checkSamples([wrongPath, wrongType]);
    expect(result.ok).toBe(false);
    expect(result.errors.some((e) => e.includes("InquireTopupRequests.ts"))).toBe(true);
    expect(result.errors.some((e) => e.includes("GetAccounts.ts"))).toBe(true);
  });
});
