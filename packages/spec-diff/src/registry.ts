import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type ApiEntry, readApis } from "@contracts/codegen";
import { type ApiDiff, diffVersions } from "./diff.js";
import { checkout, readVersion, type SpecVersion } from "./versions.js";

export interface RegistryDiff {
  base: string;
  diffs: ApiDiff[];
  /** Every API is free of breaking changes, or announces them with its major version. */
  ok: boolean;
}

/** Every API of the registry at `root` (its work tree) against the same registry at the git ref `base`. */
export async function diffRegistry(root: string, base: string): Promise<RegistryDiff> {
  const old = await checkout(root, base);
  try {
    const now = readApis(root);
    const aliases = [...new Set([...old.entries, ...now].map((e) => e.alias))];
    const diffs: ApiDiff[] = [];
    for (const alias of aliases) {
      const [before, after] = await Promise.all([readEntry(old.entries, alias), readEntry(now, alias)]);
      diffs.push(diffVersions(alias, before, after));
    }
    return { base, diffs, ok: diffs.every((d) => d.ok) };
  } finally {
    await old.remove();
  }
}

const git = promisify(execFile);

/** One API's spec as it was at a git ref (null: the work tree), read as `pnpm generate` does; null when absent. */
export async function readVersionAt(root: string, alias: string, ref: string | null): Promise<SpecVersion | null> {
  if (ref === null) return readEntry(readApis(root), alias);
  const at = await checkout(root, ref, [alias]);
  try {
    return await readEntry(at.entries, alias);
  } finally {
    await at.remove();
  }
}

function readEntry(entries: readonly ApiEntry[], alias: string): Promise<SpecVersion | null> {
  const entry = entries.find((e) => e.alias === alias);
  return entry ? readVersion(entry) : Promise.resolve(null);
}

/** The git tag of a released spec version: `spec/upmobile@2.0.0` (`pnpm release` creates them). */
export const specTag = (alias: string, version: string) => `spec/${alias}@${version}`;

/**
 * The tagged versions of an API's spec, oldest first: git tags `spec/<alias>@<version>` (say
 * `spec/upmobile@2.0.0`), each the commit that released that version. None outside a git repository.
 */
export async function specTags(root: string, alias: string): Promise<Array<{ tag: string; version: string }>> {
  const listed = await git("git", ["tag", "--list", specTag(alias, "*")], { cwd: root }).then(
    ({ stdout }) => stdout.split("\n").filter(Boolean),
    () => [],
  );
  // numeric collation puts 1.10.0 after 1.9.0, and rc.10 after rc.2.
  const { compare } = new Intl.Collator("en", { numeric: true });
  return listed
    .map((tag) => ({ tag, version: tag.slice(specTag(alias, "").length) }))
    .sort((a, b) => compare(a.version, b.version));
}
