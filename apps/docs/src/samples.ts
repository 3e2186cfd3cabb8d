// Code samples for every operation, produced from the spec (examples, parameters) and the generated client
// (method and path from its operationTable). The build injects them as `x-codeSamples` into the copy it renders and
// writes the TypeScript ones to samples/<api>/<operationId>.ts, which `tsc` checks against the real packages.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ApiEntry, findRepositoryRoot, loadSpec, readApis } from "@contracts/codegen";
import type { OperationDescriptor } from "@contracts/runtime";
import { appDir, samplesDir } from "./paths.js";

/** The samples of one operation. */
export interface OperationSamples {
  operationId: string;
  /** Upper case, from the client's operationTable. */
  method: string;
  /** From the client's operationTable. */
  path: string;
  /** The TypeScript sample as the docs show it. */
  typescript: string;
  curl: string;
}

/** The samples of every operation of one API. */
export interface ApiSamples {
  api: ApiEntry;
  operations: OperationSamples[];
}

type Params = { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };

// Note: the docs show samples in a narrow column; shorter lines scroll less.
const WIDTH = 80;
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const FILE_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
};

/** The generated client package of an API: `@contracts/<alias>`, its `create…Client` factory and its operationTable. */
export async function loadClientPackage(alias: string) {
  const name = `@contracts/${alias}`;
  const module = await import(name);
  const factory = Object.keys(module).find((key) => /^create\w+Client$/.test(key));
  if (!factory || !module.operationTable) {
    throw new Error(`${name} must export a create…Client factory and an operationTable.`);
  }
  return {
    name,
    factory,
    operationTable: module.operationTable as Record<string, OperationDescriptor>,
    /** `x-assumed` markers of the spec: JSON pointer → why (generated beside the operation table). */
    specAssumptions: (module.specAssumptions ?? {}) as Record<string, string>,
  };
}

/**
 * Samples for every operation of one API. Fails when the spec and the client's operationTable disagree on an
 * operation, its method or its path, or when a required parameter or body has no example to show.
 */
export async function buildApiSamples(api: ApiEntry): Promise<ApiSamples> {
  const [spec, client] = await Promise.all([loadSpec(api.specPath, true), loadClientPackage(api.alias)]);
  // biome-ignore lint/suspicious/noExplicitAny: the dereferenced spec, read as plain JSON
  const anySpec = spec as any;
  const baseUrl = anySpec.servers?.[0]?.url ?? "http://127.0.0.1";
  const globalSecurity = anySpec.security ?? [];
  const operations = [];
  const seen = new Set();
  // biome-ignore lint/suspicious/noExplicitAny: path items of the dereferenced spec
  for (const [path, item] of Object.entries<any>(anySpec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const id = operation.operationId;
      const entry = client.operationTable[id];
      if (!entry || entry.method !== method.toUpperCase() || entry.path !== path) {
        throw new Error(
          `${api.alias}: ${method.toUpperCase()} ${path} (${id}) is not in ${client.name}'s operationTable as such; ` +
            "regenerate the client (pnpm generate).",
        );
      }
      seen.add(id);
      const context = {
        alias: api.alias,
        client,
        baseUrl,
        entry,
        secured: (operation.security ?? globalSecurity).length > 0,
        params: exampleParams(api.alias, id, [...(item.parameters ?? []), ...(operation.parameters ?? [])]),
        body: exampleBody(api.alias, id, operation.requestBody, entry.requestBody?.contentType),
      };
      operations.push({
        operationId: id,
        method: entry.method,
        path: entry.path,
        typescript: renderTypeScript(context),
        curl: renderCurl(context),
      });
    }
  }
  const missing = Object.keys(client.operationTable).filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`${api.alias}: the client has operations the spec lacks: ${missing}.`);
  return { api, operations };
}

/** Samples for every API in the redocly.yaml of `root` (the repository root by default). */
export async function buildAllSamples(root: string = findRepositoryRoot(appDir)): Promise<ApiSamples[]> {
  return Promise.all(readApis(root).map(buildApiSamples));
}

/**
 * Writes each TypeScript sample to `<dir>/<alias>/<operationId>.ts` (only when changed, atomically, so a `tsc`
 * running at the same time never reads half a file) and removes samples of operations that no longer exist;
 * returns the paths of the sample files.
 */
export async function writeSamples(all: ApiSamples[], dir: string = samplesDir): Promise<string[]> {
  const files: string[] = [];
  await mkdir(dir, { recursive: true });
  const aliases = new Set(all.map(({ api }) => api.alias));
  for (const name of await readdir(dir)) if (!aliases.has(name)) await rm(join(dir, name), { recursive: true });
  for (const { api, operations } of all) {
    const apiDir = join(dir, api.alias);
    await mkdir(apiDir, { recursive: true });
    const wanted = new Set(operations.map((o) => `${o.operationId}.ts`));
    for (const name of await readdir(apiDir)) {
      if (name.endsWith(".ts") && !wanted.has(name)) await rm(join(apiDir, name), { force: true });
    }
    for (const operation of operations) {
      const file = join(apiDir, `${operation.operationId}.ts`);
      const banner =
        `// Generated by apps/docs/src/samples.ts from ${api.specRelativePath} (${operation.operationId}) ` +
        "— do not edit.\n// The docs show this sample; `tsc --noEmit` checks it against the real client.\n\n";
      const text = banner + operation.typescript;
      if ((await readText(file)) !== text) {
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file);
      }
      files.push(file);
    }
  }
  return files;
}

function readText(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

/** The example value of each parameter that has one; a required parameter without an example is an error. */
// biome-ignore lint/suspicious/noExplicitAny: parameter objects of the dereferenced spec
function exampleParams(alias: string, operationId: string, parameters: any[]): Params {
  const params: Params = { path: {}, query: {}, header: {} };
  for (const parameter of parameters) {
    const where = parameter.in as keyof Params;
    if (!(where in params)) continue;
    const example = firstExample(parameter) ?? firstExample(parameter.schema ?? {});
    if (example !== undefined) params[where][parameter.name] = example;
    else if (parameter.required) {
      throw new Error(`${alias} ${operationId}: required parameter "${parameter.name}" has no example to show.`);
    }
  }
  return params;
}

/** The first example of the request body in the client's media type, or undefined when there is no body. */
function exampleBody(
  alias: string,
  operationId: string,
  // biome-ignore lint/suspicious/noExplicitAny: a request body object of the dereferenced spec
  requestBody: any,
  contentType: string | undefined,
): ExampleBody | undefined {
  if (!requestBody || !contentType) return undefined;
  const media = requestBody.content?.[contentType];
  const value = media && firstExample(media);
  if (value === undefined || typeof value !== "object" || value === null) {
    throw new Error(`${alias} ${operationId}: the ${contentType} request body needs an example object to show.`);
  }
  return { contentType, value };
}

/** `example`, else the value of the first of `examples` (an OpenAPI map or a JSON Schema array). */
// biome-ignore lint/suspicious/noExplicitAny: any node of the dereferenced spec
function firstExample(node: any): unknown {
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples)) return node.examples[0];
  const first = node.examples && Object.values(node.examples)[0];
  return first && typeof first === "object" ? first.value : undefined;
}

type ExampleBody = { contentType: string; value: Record<string, unknown> };

/** What both renderings of one operation's sample start from. */
export interface SampleContext {
  alias: string;
  client: { name: string; factory: string };
  baseUrl: string;
  /** The operationTable entry. */
  entry: OperationDescriptor;
  secured: boolean;
  params: Params;
  body: ExampleBody | undefined;
}

/** A TypeScript sample: create the client, call the operation with the example, handle data and error. */
export function renderTypeScript({ alias, client, baseUrl, entry, secured, params, body }: SampleContext): string {
  const variable = identifier(alias);
  const files = Object.keys(entry.requestBody?.files ?? {});
  const imports = [`import { ${client.factory} } from "${client.name}";`];
  const lines: string[] = [];
  const init: Record<string, unknown> = {};
  const usedParams = Object.fromEntries(Object.entries(params).filter(([, values]) => Object.keys(values).length > 0));
  if (Object.keys(usedParams).length > 0) init.params = usedParams;
  if (body) {
    const value: Record<string, unknown> = { ...body.value };
    for (const field of files) {
      const fileName = String(value[field] ?? `${field}.pdf`);
      const type = FILE_TYPES[fileName.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
      const name = identifier(field);
      lines.push(
        `// A Blob or File: sent as a file part with its name and content type.`,
        `const ${name} = new File([await readFile(${JSON.stringify(fileName)})], ${JSON.stringify(fileName)}, {`,
        `  type: ${JSON.stringify(type)},`,
        "});",
        "",
      );
      value[field] = new Raw(name);
    }
    if (files.length > 0) imports.unshift(`import { readFile } from "node:fs/promises";`);
    init.body = value;
  }
  const options = secured ? { baseUrl, token: new Raw("process.env.TOKEN") } : { baseUrl };
  const create = `const ${variable} = ${client.factory}(`;
  const call = `const { data, error, response } = await ${variable}.${entry.method}(${JSON.stringify(entry.path)}`;
  const args = Object.keys(init).length > 0 ? `, ${literal(init, "", call.length + 2)}` : "";
  return [
    ...imports,
    "",
    `${create}${literal(options, "", create.length)});`,
    "",
    ...lines,
    `${call}${args});`,
    "if (error) console.error(response.status, error);",
    "else console.log(data);",
    "",
  ].join("\n");
}

/** A curl sample: bearer token for secured operations, JSON `-d`, form-urlencoded `-d` parts or multipart `-F` parts. */
export function renderCurl({ baseUrl, entry, secured, params, body }: SampleContext): string {
  let path = entry.path;
  for (const [name, value] of Object.entries(params.path)) {
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
  }
  const query = new URLSearchParams(Object.entries(params.query).map(([k, v]) => [k, String(v)])).toString();
  const url = `${baseUrl.replace(/\/$/, "")}${path}${query ? `?${query}` : ""}`;
  const parts = [`curl ${entry.method === "GET" ? "" : `-X ${entry.method} `}${shellQuote(url)}`];
  if (secured) parts.push(`-H "Authorization: Bearer $TOKEN"`);
  for (const [name, value] of Object.entries(params.header)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (body?.contentType === "application/json") {
    const json = JSON.stringify(body.value, null, 2).replace(/\n/g, "\n  ");
    parts.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(json)}`);
  } else if (body?.contentType === "application/x-www-form-urlencoded") {
    for (const [name, value] of Object.entries(body.value)) {
      parts.push(`-d ${shellQuote(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)}`);
    }
  } else if (body?.contentType === "multipart/form-data") {
    const files = entry.requestBody?.files ?? {};
    for (const [name, value] of Object.entries(body.value)) {
      if (name in files) {
        const fileName = String(value);
        const type = FILE_TYPES[fileName.split(".").pop()?.toLowerCase() ?? ""];
        parts.push(`-F ${shellQuote(`${name}=@${fileName}${type ? `;type=${type}` : ""}`)}`);
      } else {
        // Note: curl reads `-F name=@file` and `<file` specially; --form-string sends such a value as it is.
        const flag = /^[@<]/.test(String(value)) ? "--form-string" : "-F";
        parts.push(`${flag} ${shellQuote(`${name}=${value}`)}`);
      }
    }
  } else if (body) {
    throw new Error(`No curl rendering for ${body.contentType} bodies.`);
  }
  return `${parts.join(" \\\n  ")}\n`;
}

/** Source text that `literal` writes as it is (an expression), not as a string. */
class Raw {
  constructor(readonly code: string) {}
}

/**
 * A TypeScript literal for a JSON-like value: unquoted keys where possible, one line when it fits in WIDTH columns
 * (`lead` is what the line already holds before it), else one item per line.
 */
function literal(value: unknown, indent = "", lead = indent.length): string {
  if (value instanceof Raw) return value.code;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => literal(item, inner))
    : Object.entries(value).map(([key, item]) => {
        const name = `${propertyKey(key)}: `;
        return name + literal(item, inner, inner.length + name.length);
      });
  if (items.length === 0) return Array.isArray(value) ? "[]" : "{}";
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  const oneLine = `${open}${items.join(", ")}${close}`;
  if (lead + oneLine.length <= WIDTH && !oneLine.includes("\n")) return oneLine;
  return `${open.trim()}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}${close.trim()}`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** camelCase identifier from an alias or field name (`to_attach_proof` → `toAttachProof`). */
function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase()).replace(/^[^A-Za-z_$]/, "_$&");
}

/** Quotes a word for a POSIX shell: bare when safe, else in single quotes. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
