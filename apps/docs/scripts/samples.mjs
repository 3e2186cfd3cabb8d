// Code samples for every operation, produced from the spec (examples, parameters) and the generated client
// (method and path from its operationTable). The build injects them as `x-codeSamples` into the copy it renders and
// writes the TypeScript ones to samples/<api>/<operationId>.ts, which `tsc` checks against the real packages.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findRepositoryRoot, loadSpec, readApis } from "@contracts/codegen";
import { appDir, samplesDir } from "./paths.mjs";

/** @typedef {import("@contracts/codegen").ApiEntry} ApiEntry */
/**
 * @typedef {object} OperationSamples
 * @property {string} operationId
 * @property {string} method upper case, from the client's operationTable
 * @property {string} path from the client's operationTable
 * @property {string} typescript the TypeScript sample as the docs show it
 * @property {string} curl the curl sample
 */
/** @typedef {{ api: ApiEntry, operations: OperationSamples[] }} ApiSamples */
/** @typedef {{ path: Record<string, unknown>, query: Record<string, unknown>, header: Record<string, unknown> }} Params */

// Note: the docs show samples in a narrow column; shorter lines scroll less.
const WIDTH = 80;
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const FILE_TYPES = /** @type {Record<string, string>} */ ({
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
});

/**
 * The generated client package of an API: `@contracts/<alias>`, its `create…Client` factory and its operationTable.
 * @param {string} alias
 */
export async function loadClientPackage(alias) {
  const name = `@contracts/${alias}`;
  const module = await import(name);
  const factory = Object.keys(module).find((key) => /^create\w+Client$/.test(key));
  if (!factory || !module.operationTable) {
    throw new Error(`${name} must export a create…Client factory and an operationTable.`);
  }
  return {
    name,
    factory,
    operationTable: /** @type {Record<string, any>} */ (module.operationTable),
    /** `x-assumed` markers of the spec: JSON pointer → why (generated beside the operation table). */
    specAssumptions: /** @type {Record<string, string>} */ (module.specAssumptions ?? {}),
  };
}

/**
 * Samples for every operation of one API. Fails when the spec and the client's operationTable disagree on an
 * operation, its method or its path, or when a required parameter or body has no example to show.
 * @param {ApiEntry} api
 * @returns {Promise<ApiSamples>}
 */
export async function buildApiSamples(api) {
  const [spec, client] = await Promise.all([loadSpec(api.specPath, true), loadClientPackage(api.alias)]);
  const anySpec = /** @type {any} */ (spec);
  const baseUrl = anySpec.servers?.[0]?.url ?? "http://127.0.0.1";
  const globalSecurity = anySpec.security ?? [];
  const operations = [];
  const seen = new Set();
  for (const [path, item] of Object.entries(anySpec.paths ?? {})) {
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

/**
 * Samples for every API in the root redocly.yaml.
 * @param {string} [root] the repository root
 */
export async function buildAllSamples(root = findRepositoryRoot(appDir)) {
  return Promise.all(readApis(root).map(buildApiSamples));
}

/**
 * Writes each TypeScript sample to `<dir>/<alias>/<operationId>.ts` (only when changed, atomically, so a `tsc`
 * running at the same time never reads half a file) and removes samples of operations that no longer exist.
 * @param {ApiSamples[]} all
 * @param {string} [dir]
 * @returns {Promise<string[]>} the paths of the sample files
 */
export async function writeSamples(all, dir = samplesDir) {
  const files = [];
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
        `// Generated by apps/docs/scripts/samples.mjs from ${api.specRelativePath} (${operation.operationId}) ` +
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

/** @param {string} file */
function readText(file) {
  return readFile(file, "utf8").catch(() => undefined);
}

/**
 * The example value of each parameter that has one; a required parameter without an example is an error.
 * @param {string} alias
 * @param {string} operationId
 * @param {any[]} parameters
 * @returns {Params}
 */
function exampleParams(alias, operationId, parameters) {
  /** @type {Params} */
  const params = { path: {}, query: {}, header: {} };
  for (const parameter of parameters) {
    const where = /** @type {keyof Params} */ (parameter.in);
    if (!(where in params)) continue;
    const example = firstExample(parameter) ?? firstExample(parameter.schema ?? {});
    if (example !== undefined) params[where][parameter.name] = example;
    else if (parameter.required) {
      throw new Error(`${alias} ${operationId}: required parameter "${parameter.name}" has no example to show.`);
    }
  }
  return params;
}

/**
 * The first example of the request body in the client's media type, or undefined when there is no body.
 * @param {string} alias
 * @param {string} operationId
 * @param {any} requestBody
 * @param {string | undefined} contentType
 * @returns {{ contentType: string, value: Record<string, unknown> } | undefined}
 */
function exampleBody(alias, operationId, requestBody, contentType) {
  if (!requestBody || !contentType) return undefined;
  const media = requestBody.content?.[contentType];
  const value = media && firstExample(media);
  if (value === undefined || typeof value !== "object" || value === null) {
    throw new Error(`${alias} ${operationId}: the ${contentType} request body needs an example object to show.`);
  }
  return { contentType, value };
}

/**
 * `example`, else the value of the first of `examples` (an OpenAPI map or a JSON Schema array).
 * @param {any} node
 */
function firstExample(node) {
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples)) return node.examples[0];
  const first = node.examples && Object.values(node.examples)[0];
  return first && typeof first === "object" ? first.value : undefined;
}

/**
 * @typedef {object} SampleContext
 * @property {string} alias
 * @property {{ name: string, factory: string }} client
 * @property {string} baseUrl
 * @property {any} entry the operationTable entry
 * @property {boolean} secured
 * @property {Params} params
 * @property {{ contentType: string, value: Record<string, unknown> } | undefined} body
 */

/**
 * A TypeScript sample: create the client, call the operation with the example, handle data and error.
 * @param {SampleContext} context
 */
export function renderTypeScript({ alias, client, baseUrl, entry, secured, params, body }) {
  const variable = identifier(alias);
  const files = Object.keys(entry.requestBody?.files ?? {});
  const imports = [`import { ${client.factory} } from "${client.name}";`];
  const lines = [];
  /** @type {Record<string, unknown>} */
  const init = {};
  const usedParams = Object.fromEntries(Object.entries(params).filter(([, values]) => Object.keys(values).length > 0));
  if (Object.keys(usedParams).length > 0) init.params = usedParams;
  if (body) {
    /** @type {Record<string, unknown>} */
    const value = { ...body.value };
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

/**
 * A curl sample: bearer token for secured operations, JSON `-d`, form-urlencoded `-d` parts or multipart `-F` parts.
 * @param {SampleContext} context
 */
export function renderCurl({ baseUrl, entry, secured, params, body }) {
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
  /** @param {string} code */
  constructor(code) {
    this.code = code;
  }
}

/**
 * A TypeScript literal for a JSON-like value: unquoted keys where possible, one line when it fits in WIDTH columns
 * (`lead` is what the line already holds before it), else one item per line.
 * @param {unknown} value
 * @param {string} [indent]
 * @param {number} [lead]
 * @returns {string}
 */
function literal(value, indent = "", lead = indent.length) {
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

/** @param {string} key */
function propertyKey(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * camelCase identifier from an alias or field name (`to_attach_proof` → `toAttachProof`).
 * @param {string} name
 */
function identifier(name) {
  return name.replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase()).replace(/^[^A-Za-z_$]/, "_$&");
}

/**
 * Quotes a word for a POSIX shell: bare when safe, else in single quotes.
 * @param {string} word
 */
function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// `node scripts/samples.mjs`: write samples/ (the typecheck runs this before `tsc --noEmit`).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await writeSamples(await buildAllSamples());
  console.log(`Wrote ${files.length} samples under ${relative(process.cwd(), samplesDir) || "."}/`);
}
