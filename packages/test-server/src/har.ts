// What the recorder tests of every package check a written HAR file with: the community's HAR 1.2 JSON Schema
// (har-schema, as har-validator uses it) run by Ajv, plus the rules of the fields our recorder adds.
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";

const schemas = createRequire(import.meta.url)("har-schema") as Record<string, { $id: string }>;
// har-schema is draft-06 with a few keywords of its own (`min`, `optional`): not strict, its formats added.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
ajvFormats.default(ajv);
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validateHar = ajv.getSchema("har.json#");

/** Every way `log` breaks HAR 1.2 or the recorder's own fields, as sentences; empty when it is valid. */
export function harProblems(log: unknown): string[] {
  if (!validateHar) throw new Error("har-schema has no har.json schema.");
  const problems = validateHar(log)
    ? []
    : (validateHar.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
  const entries = (log as { log?: { entries?: unknown[] } }).log?.entries ?? [];
  entries.forEach((entry, i) => {
    const params = (entry as { request?: { postData?: { params?: Array<Record<string, unknown>> } } }).request?.postData
      ?.params;
    for (const [j, param] of (params ?? []).entries()) {
      const at = `/log/entries/${i}/request/postData/params/${j}`;
      if (typeof param.name !== "string") problems.push(`${at} has no name`);
      if (param.fileName === undefined) continue;
      if (param.value !== undefined) problems.push(`${at} is a file part with a value (its bytes)`);
      if (!Number.isInteger(param._size)) problems.push(`${at} is a file part without an integer _size`);
      if (!/^[0-9a-f]{64}$/.test(String(param._sha256))) problems.push(`${at} is a file part without a hex _sha256`);
    }
  });
  return problems;
}

/** The names of the needles found anywhere in `bytes` (as UTF-8 text, or as raw bytes for a Uint8Array). */
export function findLeaks(bytes: Uint8Array, needles: Record<string, string | Uint8Array>): string[] {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Object.entries(needles)
    .filter(
      ([, needle]) => needle.length > 0 && haystack.includes(typeof needle === "string" ? needle : Buffer.from(needle)),
    )
    .map(([name]) => name);
}
