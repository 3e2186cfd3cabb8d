import type { FileFieldDescriptor } from "../operation-table.js";
import type { ValidationIssue } from "./issues.js";

const formatBytes = (n: number) => n.toLocaleString("en-US");

/** A Blob's `type` without parameters, trimmed and lower-cased (`"Image/PNG; q=1"` → `"image/png"`). */
function mediaType(type: string): string {
  const semicolon = type.indexOf(";");
  return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
}

/** File parts: a Blob or File, within the byte limit, of an allowed content type — checked before a byte is sent. */
export function checkFiles(body: unknown, files: Readonly<Record<string, FileFieldDescriptor>>): ValidationIssue[] {
  if (typeof body !== "object" || body === null) return [];
  const issues: ValidationIssue[] = [];
  for (const [field, rule] of Object.entries(files)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const add = (keyword: string, params: Record<string, unknown>, message: string) =>
      issues.push({ path: `/${field}`, field, keyword, params, message: `${field} must ${message}` });
    if (!(value instanceof Blob)) {
      add("type", { type: "Blob" }, `be a file (a Blob or File), not ${value === null ? "null" : typeof value}.`);
      continue;
    }
    if (rule.maxBytes !== null && value.size > rule.maxBytes) {
      const mb = (rule.maxBytes / 1024 / 1024).toFixed(1);
      add(
        "maxBytes",
        { limit: rule.maxBytes, size: value.size },
        `be at most ${formatBytes(rule.maxBytes)} bytes (${mb} MB); this file has ${formatBytes(value.size)} bytes.`,
      );
    }
    const type = mediaType(value.type);
    if (rule.contentTypes.length > 0 && !rule.contentTypes.includes(type)) {
      add(
        "contentType",
        { allowedValues: rule.contentTypes, type },
        `be one of these file types: ${rule.contentTypes.join(", ")}; this file is ${type ? `"${type}"` : "of no declared type"}.`,
      );
    }
  }
  return issues;
}
