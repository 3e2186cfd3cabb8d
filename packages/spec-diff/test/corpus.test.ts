import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiEntry, findRepositoryRoot, readApis } from "@contracts/codegen";
import { parseYaml, stringifyYaml } from "@redocly/openapi-core";
import { afterAll, describe, expect, it } from "vitest";
import { diffVersions } from "../src/diff.js";
import { RULES, type RuleId } from "../src/rules.js";
import { readVersion, type SpecVersion } from "../src/versions.js";

// A corpus of spec edits, each applied to the repository's own spec, with the verdict the clients of this repository
// would give it. The diff reads both versions as codegen does (operation table, facts, generated types).

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into a parsed spec, which has no static shape.
type Json = Record<string, any>;
type Api = "upmobile" | "topup";

const root = findRepositoryRoot(import.meta.dirname);
const entries = readApis(root);
const scratch = await mkdtemp(join(tmpdir(), "spec-diff-corpus-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const bases = new Map<Api, Promise<SpecVersion>>();
const base = (api: Api) => {
  let found = bases.get(api);
  if (!found) {
    found = readVersion(entry(api));
    bases.set(api, found);
  }
  return found;
};
function entry(api: Api): ApiEntry {
  const found = entries.find((e) => e.alias === api);
  if (!found) throw new Error(`no ${api}`);
  return found;
}

let edits = 0;
/** The repository's spec changed by `mutate`, read as codegen reads it. */
async function editedVersion(api: Api, mutate: (spec: Json) => void): Promise<SpecVersion> {
  const spec = parseYaml(await readFile(entry(api).specPath, "utf8")) as Json;
  mutate(spec);
  const dir = join(scratch, String(edits++));
  await mkdir(dir, { recursive: true });
  const specPath = join(dir, "openapi.yaml");
  await writeFile(specPath, stringifyYaml(spec));
  return readVersion({ ...entry(api), specPath });
}

/**
 * The diff of the repository's spec and a copy of it changed by `mutate`; with `before`, of two copies (the old
 * version changed by `before`, the new one by `mutate`), for rules no edit of the spec as it is can show.
 */
async function diffEdit(api: Api, mutate: (spec: Json) => void, before?: (spec: Json) => void) {
  const old = before ? await editedVersion(api, before) : await base(api);
  return diffVersions(api, old, await editedVersion(api, mutate));
}

const schema = (spec: Json, name: string) => spec.components.schemas[name];
const op = (spec: Json, path: string, method: string) => spec.paths[path][method];

interface Case {
  name: string;
  api: Api;
  edit: (spec: Json) => void;
  /** The old version's edit, when the old version is not the spec as it is. */
  before?: (spec: Json) => void;
  breaking: boolean;
  /** Rules that must be among the changes found. */
  rules: RuleId[];
  /** The edit raises info.version's major too. */
  ok?: boolean;
}

const CORPUS: Case[] = [
  {
    name: "a new optional query parameter",
    api: "upmobile",
    edit: (s) =>
      op(s, "/accounts", "get").parameters.push({
        name: "currency",
        in: "query",
        required: false,
        schema: { type: "string" },
      }),
    breaking: false,
    rules: ["parameter-added-optional"],
  },
  {
    name: "a new required query parameter",
    api: "upmobile",
    edit: (s) =>
      op(s, "/accounts", "get").parameters.push({
        name: "owner",
        in: "query",
        required: true,
        schema: { type: "string" },
      }),
    breaking: true,
    rules: ["parameter-added-required"],
  },
  {
    name: "a parameter removed",
    api: "upmobile",
    edit: (s) => {
      const get = op(s, "/accounts", "get");
      get.parameters = get.parameters.filter((p: Json) => p.name !== "page_size");
    },
    breaking: true,
    rules: ["parameter-removed"],
  },
  {
    name: "an operation removed",
    api: "upmobile",
    edit: (s) => {
      delete s.paths["/operations/{id}"];
    },
    breaking: true,
    rules: ["operation-removed"],
  },
  {
    name: "an operation renamed",
    api: "upmobile",
    edit: (s) => {
      op(s, "/withdrawals", "post").operationId = "StartWithdrawal";
    },
    breaking: true,
    rules: ["operation-removed", "operation-added"],
  },
  {
    name: "an operation moved to another path",
    api: "upmobile",
    edit: (s) => {
      s.paths["/v2/withdrawals"] = s.paths["/withdrawals"];
      delete s.paths["/withdrawals"];
    },
    breaking: true,
    rules: ["operation-moved"],
  },
  {
    name: "a new required request field",
    api: "upmobile",
    edit: (s) => {
      const w = schema(s, "WithdrawalRequest");
      w.properties.note = { type: "string", description: "A note." };
      w.required.push("note");
    },
    breaking: true,
    rules: ["request-type"],
  },
  {
    name: "a new optional request field",
    api: "upmobile",
    edit: (s) => {
      schema(s, "WithdrawalRequest").properties.note = { type: "string", description: "A note." };
    },
    breaking: false,
    rules: ["request-field-added"],
  },
  {
    name: "a request field removed (requests are closed)",
    api: "upmobile",
    edit: (s) => {
      const w = schema(s, "WithdrawalRequest");
      delete w.properties.region_code;
      w.required = w.required.filter((f: string) => f !== "region_code");
    },
    breaking: true,
    rules: ["request-field-removed"],
  },
  {
    name: "a request enum narrowed",
    api: "upmobile",
    edit: (s) => {
      schema(s, "CategoryCode").enum = ["mobile", "crypto"];
    },
    breaking: true,
    rules: ["request-type", "request-rule-tightened"],
  },
  {
    name: "a request enum widened",
    api: "upmobile",
    edit: (s) => {
      schema(s, "RegionCode").enum = ["RU", "KZ"];
    },
    breaking: false,
    rules: ["request-rule-loosened"],
  },
  {
    name: "a response field made optional",
    api: "upmobile",
    edit: (s) => {
      const a = schema(s, "Account");
      a.required = a.required.filter((f: string) => f !== "name");
    },
    breaking: true,
    rules: ["response-type"],
  },
  {
    name: "a response field made nullable",
    api: "upmobile",
    edit: (s) => {
      schema(s, "Account").properties.name.type = ["string", "null"];
    },
    breaking: true,
    rules: ["response-type"],
  },
  {
    name: "a response field's type changed",
    api: "upmobile",
    edit: (s) => {
      schema(s, "AccountsPage").properties.pages.type = "string";
      delete schema(s, "AccountsPage").properties.pages.minimum;
    },
    breaking: true,
    rules: ["response-type"],
  },
  {
    name: "a new response field",
    api: "upmobile",
    edit: (s) => {
      schema(s, "Account").properties.label = { type: "string", description: "A label." };
    },
    breaking: false,
    rules: [],
  },
  {
    name: "a request field's format added",
    api: "upmobile",
    edit: (s) => {
      schema(s, "WithdrawalRequest").properties.destination.format = "email";
    },
    breaking: true,
    rules: ["request-rule-tightened"],
  },
  {
    name: "a request field's maximum length raised",
    api: "upmobile",
    edit: (s) => {
      schema(s, "WithdrawalRequest").properties.destination.maxLength = 128;
    },
    breaking: false,
    rules: ["request-rule-loosened"],
  },
  {
    name: "a request field's maximum length lowered",
    api: "upmobile",
    edit: (s) => {
      schema(s, "WithdrawalRequest").properties.destination.maxLength = 16;
    },
    breaking: true,
    rules: ["request-rule-tightened"],
  },
  {
    name: "a documented status removed",
    api: "upmobile",
    edit: (s) => {
      delete op(s, "/operations/{id}", "get").responses["404"];
    },
    breaking: true,
    rules: ["response-status-removed"],
  },
  {
    name: "a newly documented status",
    api: "upmobile",
    edit: (s) => {
      op(s, "/withdrawals", "post").responses["409"] = { $ref: "#/components/responses/ValidationFailed" };
    },
    breaking: false,
    rules: ["response-status-added"],
  },
  {
    name: "a description reworded",
    api: "upmobile",
    edit: (s) => {
      op(s, "/accounts", "get").description = "Lists the caller's accounts, one page at a time.";
    },
    breaking: false,
    rules: [],
  },
  {
    name: "a response pattern loosened (old clients' validators refuse what it now allows)",
    api: "upmobile",
    edit: (s) => {
      schema(s, "Decimal").pattern = "^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,12})?$";
    },
    breaking: true,
    rules: ["response-rule-loosened"],
  },
  {
    name: "a response pattern changed either way (no one can tell a regex is narrower)",
    api: "upmobile",
    edit: (s) => {
      schema(s, "Decimal").pattern = "^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,2})?$";
    },
    breaking: true,
    rules: ["response-rule-loosened"],
  },
  {
    name: "a response-only field gains a length limit",
    api: "upmobile",
    edit: (s) => {
      schema(s, "Account").properties.name.maxLength = 200;
    },
    breaking: false,
    rules: ["response-rule-tightened"],
  },
  {
    name: "a breaking change announced by the major version",
    api: "upmobile",
    edit: (s) => {
      delete s.paths["/operations/{id}"];
      s.info.version = `${Number(String(s.info.version).split(".")[0]) + 1}.0.0`;
    },
    breaking: true,
    rules: ["operation-removed"],
    ok: true,
  },
  {
    name: "the proof's size limit lowered",
    api: "topup",
    edit: (s) => {
      schema(s, "BankTransferTopupForm").properties.to_attach_proof["x-max-bytes"] = 1_048_576;
    },
    breaking: true,
    rules: ["file-limit-lowered"],
  },
  {
    name: "the proof's size limit raised",
    api: "topup",
    edit: (s) => {
      schema(s, "BankTransferTopupForm").properties.to_attach_proof["x-max-bytes"] = 5_242_880;
    },
    breaking: false,
    rules: ["file-limit-raised"],
  },
  {
    name: "a proof type no longer taken",
    api: "topup",
    edit: (s) => {
      schema(s, "BankTransferTopupForm").properties.to_attach_proof["x-content-types"] = ["application/pdf"];
    },
    breaking: true,
    rules: ["file-type-removed"],
  },
  {
    name: "a proof type newly taken",
    api: "topup",
    edit: (s) => {
      schema(s, "BankTransferTopupForm").properties.to_attach_proof["x-content-types"].push("image/webp");
    },
    breaking: false,
    rules: ["file-type-added"],
  },
  {
    name: "a value added to an open enum (old clients read it as a string)",
    api: "topup",
    edit: (s) => {
      schema(s, "TopupStatus").enum.push("cancelled");
      schema(s, "TopupStatus")["x-terminal-values"].push("cancelled");
    },
    breaking: false,
    rules: ["request-rule-loosened"],
  },
  {
    name: "a value added to a closed enum that responses carry",
    api: "topup",
    edit: (s) => {
      schema(s, "TopupCurrency").enum.push("euro");
    },
    breaking: true,
    rules: ["response-type", "request-rule-loosened"],
  },
  {
    name: "an optional parameter made required",
    api: "topup",
    edit: (s) => {
      const page = op(s, "/topup/inquire/", "get").parameters.find((p: Json) => p.name === "page");
      page.required = true;
    },
    breaking: true,
    rules: ["parameter-required"],
  },
  {
    name: "a request minimum raised",
    api: "topup",
    edit: (s) => {
      schema(s, "AcceptBalanceTopupForm").properties.amount.minimum = 100;
    },
    breaking: true,
    rules: ["request-rule-tightened"],
  },
  {
    name: "the request's media type changed",
    api: "topup",
    edit: (s) => {
      const body = op(s, "/topup/request/", "post").requestBody;
      body.content = { "application/json": body.content["multipart/form-data"] };
    },
    breaking: true,
    rules: ["request-content-type"],
  },
  {
    name: "an operation no longer needs credentials",
    api: "topup",
    edit: (s) => {
      op(s, "/topup/inquire/", "get").security = [];
    },
    breaking: false,
    rules: ["security-removed"],
  },
  {
    name: "an operation now needs credentials",
    api: "topup",
    edit: (s) => {
      delete op(s, "/o/token/", "post").security;
    },
    breaking: true,
    rules: ["security-added"],
  },
  {
    name: "an operation newly marked as moving money",
    api: "topup",
    edit: (s) => {
      op(s, "/o/token/", "post")["x-moves-money"] = true;
    },
    breaking: false,
    rules: ["moves-money"],
  },
  {
    name: "a required query parameter became optional",
    api: "upmobile",
    before: (s) => {
      op(s, "/accounts", "get").parameters.find((p: Json) => p.name === "page_size").required = true;
    },
    edit: () => {},
    breaking: false,
    rules: ["parameter-optional"],
  },
  {
    name: "an operation now needs a request body",
    api: "upmobile",
    before: (s) => {
      delete op(s, "/withdrawals/preview", "post").requestBody;
    },
    edit: () => {},
    breaking: true,
    rules: ["request-body-added"],
  },
  {
    name: "an operation no longer takes its request body",
    api: "topup",
    edit: (s) => {
      delete op(s, "/o/token/", "post").requestBody;
    },
    breaking: true,
    rules: ["request-body-removed"],
  },
  {
    name: "a response's media type changed",
    api: "upmobile",
    edit: (s) => {
      const ok = op(s, "/accounts", "get").responses["200"];
      ok.content = { "application/vnd.upmobile+json": ok.content["application/json"] };
    },
    breaking: true,
    rules: ["response-content-type"],
  },
];

describe("the breaking-change corpus", () => {
  it("has at least 20 edits over both specs and, with an API joining and leaving the registry, shows every rule", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CORPUS.map((c) => c.api))).toEqual(new Set(["upmobile", "topup"]));
    const shown = new Set(CORPUS.flatMap((c) => c.rules));
    for (const rule of ["api-added", "api-removed"] as const) shown.add(rule);
    expect(Object.keys(RULES).filter((rule) => !shown.has(rule as RuleId))).toEqual([]);
  });

  it.each(CORPUS)("$api: $name → breaking: $breaking", async (c) => {
    const diff = await diffEdit(c.api, c.edit, c.before);
    const rules = diff.changes.map((change) => change.rule);
    expect(rules).toEqual(expect.arrayContaining(c.rules));
    expect(diff.breaking > 0, JSON.stringify(diff.changes, null, 2)).toBe(c.breaking);
    expect(diff.ok).toBe(c.ok ?? !c.breaking);
    if (c.rules.length === 0) expect(diff.changes).toEqual([]);
  });

  it("an API joining the registry is not breaking; one leaving it is", async () => {
    const version = await base("topup");
    const added = diffVersions("topup", null, version);
    expect(added.changes.map((c) => c.rule)).toEqual(["api-added"]);
    expect([added.breaking, added.ok]).toEqual([0, true]);
    const removed = diffVersions("topup", version, null);
    expect(removed.changes.map((c) => c.rule)).toEqual(["api-removed"]);
    expect(removed.breaking).toBeGreaterThan(0);
    expect(removed.ok).toBe(false);
  });
});
