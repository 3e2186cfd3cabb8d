import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ApiEntry } from "@contracts/codegen";
import { type ApiDiff, diffVersions } from "./diff.js";
import { checkout, readVersion, workingTree } from "./versions.js";

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
    const now = workingTree(root);
    const aliases = [...new Set([...old.entries, ...now].map((e) => e.alias))];
    const read = (entries: ApiEntry[], alias: string) => {
      const entry = entries.find((e) => e.alias === alias);
      return entry ? readVersion(entry) : Promise.resolve(null);
    };
    const diffs: ApiDiff[] = [];
    for (const alias of aliases) {
      const [before, after] = await Promise.all([read(old.entries, alias), read(now, alias)]);
      diffs.push(diffVersions(alias, before, after));
    }
    return { base, diffs, ok: diffs.every((d) => d.ok) };
  } finally {
    await old.remove();
  }
}

const git = promisify(execFile);

/**
 * One API between two versions: the registry at the git ref `base` and at `head` (null: the work tree). Null when
 * the API is in neither.
 */
export async function diffApiBetween(
  root: string,
  alias: string,
  base: string,
  head: string | null,
): Promise<ApiDiff | null> {
  const old = await checkout(root, base);
  const now = head === null ? null : await checkout(root, head);
  try {
    const read = (entries: ApiEntry[]) => {
      const entry = entries.find((e) => e.alias === alias);
      return entry ? readVersion(entry) : Promise.resolve(null);
    };
    const [before, after] = await Promise.all([read(old.entries), read(now?.entries ?? workingTree(root))]);
    return before || after ? diffVersions(alias, before, after) : null;
  } finally {
    await old.remove();
    await now?.remove();
  }
}

/**
 * The tagged versions of an API's spec, oldest first: git tags `spec/<alias>@<version>` (say
 * `spec/upmobile@2.0.0`), each the commit that released that version. None outside a git repository.
 */
export async function specTags(root: string, alias: string): Promise<Array<{ tag: string; version: string }>> {
  const listed = await git("git", ["tag", "--list", `spec/${alias}@*`], { cwd: root }).then(
    ({ stdout }) => stdout.split("\n").filter(Boolean),
    () => [],
  );
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : Number.POSITIVE_INFINITY));
  const order = (a: string, b: string) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  return listed
    .map((tag) => ({ tag, version: tag.slice(`spec/${alias}@`.length) }))
    .sort((a, b) => order(a.version, b.version));
}
