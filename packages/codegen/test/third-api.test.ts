import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TEST_API, TEST_REGISTRY_ROOT } from "@contracts/test-registry";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { type GeneratedFile, generateApi, writeGenerated } from "../src/generate.js";
import { findRepositoryRoot, readApis } from "../src/workspace.js";

// A third API that the generator was not written for, from the test registry: its spec and one registry entry give
// a client package's generated half that compiles under the repo's strict settings and validates as the spec says.
// under packages/codegen, so the output resolves @contracts/runtime as a package here would.
const outDir = join(import.meta.dirname, "..", "test-results", "third-api");
const generatedDir = join(outDir, "generated");

/** The hand-written half of an API package: a factory over the generated table, types and validators. */
const CLIENT = `import type { ApiClient, ApiClientOptions } from "@contracts/runtime";
import { createApiClient } from "@contracts/runtime/internal";
import { operationTable } from "./generated/operations.gen.js";
import type { paths } from "./generated/schema.gen.js";
import * as validators from "./generated/validators.gen.js";

export function createRefundsClient(options: ApiClientOptions): ApiClient<paths> {
  return createApiClient<paths>(operationTable, options, validators);
}
`;

/** What a user of the package writes, with lines that must stay type errors. */
const CONSUMER = `import { createRefundsClient } from "./client.js";
import type { Refund, RefundStatus } from "./generated/schema.gen.js";
import { RefundStatusTerminalValues } from "./generated/operations.gen.js";

const client = createRefundsClient({ baseUrl: "http://127.0.0.1:4010", token: "t" });
export async function read(id: string): Promise<Refund | undefined> {
  const { data } = await client.GET("/refunds/{id}", { params: { path: { id } } });
  return data;
}
export const settled: RefundStatus = "settled";
// an open enum takes a value the spec does not list yet.
export const later: RefundStatus = "reversed";
export const terminal: readonly string[] = RefundStatusTerminalValues;
// @ts-expect-error a refund needs an amount
export const noAmount: Parameters<typeof client.POST<"/refunds">>[1]["body"] = { payment_id: "x" };
// @ts-expect-error no such path
client.GET("/payments");
`;

function typeErrors(files: string[]): string[] {
  const configPath = join(findRepositoryRoot(import.meta.dirname), "tsconfig.base.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, outDir);
  const program = ts.createProgram(files, { ...options, noEmit: true, types: [] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

const [entry] = readApis(TEST_REGISTRY_ROOT);
if (!entry) throw new Error("The test registry names no API.");
let files: GeneratedFile[];

beforeAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  files = await generateApi(entry);
  await writeGenerated(generatedDir, files);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, "client.ts"), CLIENT);
  await writeFile(join(outDir, "consumer.ts"), CONSUMER);
});

describe("codegen on a third API", () => {
  it("generates the same five files, each with the banner naming its spec", async () => {
    expect(entry.alias).toBe(TEST_API);
    expect(files.map((f) => f.name)).toEqual([
      "schema.gen.ts",
      "operations.gen.ts",
      "ajv.gen.ts",
      "validators.gen.ts",
      "types.gen.ts",
    ]);
    for (const file of files) expect(file.contents).toContain(`from ${entry.specRelativePath} — do not edit.`);
  });

  it("compiles under the repository's strict settings, and the wrong calls stay errors", () => {
    expect(typeErrors([join(outDir, "consumer.ts")])).toEqual([]);
  }, 60_000);

  it("validates requests before they leave and reads responses tolerantly", async () => {
    const validators = await import(join(generatedDir, "validators.gen.ts"));
    const bad = validators.validateRequestBody("CreateRefund", { payment_id: "not-a-uuid", amount: 25 });
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((e: { field: string; keyword: string }) => `${e.field} ${e.keyword}`).sort()).toEqual([
      "amount type",
      "payment_id format",
    ]);
    const good = validators.validateRequestBody("CreateRefund", {
      payment_id: "0b7e2c4d-6f8a-4b1c-9d3e-5a7f9c1e3b20",
      amount: "25.00",
    });
    expect(good).toEqual({ valid: true });
    const refund = { id: "5f0c9b7e-8d1a-4c2e-9b3f-2a6d8e4c1b70", payment_id: "0b7e2c4d-6f8a-4b1c-9d3e-5a7f9c1e3b20" };
    const later = validators.validateResponseBody("GetRefund", 200, { ...refund, amount: "1.00", status: "reversed" });
    expect(later).toEqual({ valid: true });
  });
});
