import type { ApiDiff } from "./diff.js";
import type { Change } from "./rules.js";

/** Changes that say the same thing, and where each happened (`GetAccounts · status 400`). */
export interface ChangeGroup {
  severity: Change["severity"];
  rule: Change["rule"];
  message: string;
  places: string[];
}

const where = (c: Change) => (c.operationId ? `${c.operationId} · ${c.subject}` : c.subject);

/** The verdict line of one API. */
export function verdict(diff: ApiDiff): string {
  if (diff.breaking === 0) return "no breaking change";
  const versions = `${diff.before?.version ?? "?"} → ${diff.after?.version ?? "?"}`;
  return diff.majorRaised
    ? `${diff.breaking} breaking, announced by the major version (${versions})`
    : `${diff.breaking} breaking without a major version bump (${versions}): not allowed`;
}

/** A readable changelog of every API, for the terminal. */
export function renderText(diffs: readonly ApiDiff[], base: string): string {
  const out: string[] = [];
  for (const diff of diffs) {
    const versions = `${diff.before?.version ?? "(new)"} → ${diff.after?.version ?? "(removed)"}`;
    out.push(`${diff.api} ${versions}  (${diff.file}, against ${base})`);
    if (diff.changes.length === 0) out.push("  no changes");
    for (const group of groupChanges(diff.changes)) {
      const mark = group.severity === "breaking" ? "BREAKING" : "        ";
      out.push(`  ${mark}  ${group.places.join(", ")}: ${group.message}  [${group.rule}]`);
    }
    out.push(`  → ${verdict(diff)}`, "");
  }
  return out.join("\n");
}

const byWeight = (a: Change, b: Change) =>
  Number(b.severity === "breaking") - Number(a.severity === "breaking") ||
  (a.operationId ?? "").localeCompare(b.operationId ?? "") ||
  a.subject.localeCompare(b.subject);

/** Changes that say the same thing in several places, as one line naming the places (breaking ones first). */
export function groupChanges(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of [...changes].sort(byWeight)) {
    const key = `${c.severity}\u0000${c.rule}\u0000${c.message}`;
    const group = groups.get(key) ?? { severity: c.severity, rule: c.rule, message: c.message, places: [] };
    group.places.push(where(c));
    groups.set(key, group);
  }
  return [...groups.values()];
}
