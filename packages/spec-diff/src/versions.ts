import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type ApiEntry, generateTypes, type LoadedApi, loadApi, readApis } from "@contracts/codegen";

const git = promisify(execFile);

/** One version of one API's spec, as codegen reads it: its operation table, facts, and generated types. */
export interface SpecVersion {
  api: LoadedApi;
  /** `schema.gen.ts` as codegen writes it for this version (openapi-typescript's `paths`, `operations`, …). */
  types: string;
}

/** Reads a spec the way `pnpm generate` does, and generates its types. */
export async function readVersion(entry: ApiEntry): Promise<SpecVersion> {
  return versionOf(await loadApi(entry));
}

/** The version of an API already read (the docs hold the work tree's): its types added. */
export async function versionOf(api: LoadedApi): Promise<SpecVersion> {
  return { api, types: await generateTypes(api.document, api.openEnums) };
}

/**
 * The registry and the spec folders as they were at a git ref (only those of `aliases`, when given), written to a
 * temporary folder (nothing in the work tree changes); `remove()` deletes the copy.
 */
export async function checkout(
  root: string,
  ref: string,
  aliases?: readonly string[],
): Promise<{ entries: ApiEntry[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "spec-diff-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const show = async (path: string) =>
    (await git("git", ["show", `${ref}:${path}`], { cwd: root, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 }))
      .stdout;
  try {
    // a ref before the registry existed has no APIs: every API of the work tree is then new.
    const registry = await show("redocly.yaml").catch(() => null);
    if (registry === null) return { entries: [], remove };
    await writeFile(join(dir, "redocly.yaml"), registry);
    const entries = readApis(dir).filter((entry) => !aliases || aliases.includes(entry.alias));
    for (const entry of entries) {
      const folder = dirname(entry.specRelativePath);
      const { stdout } = await git("git", ["ls-tree", "-r", "--name-only", ref, "--", folder], { cwd: root });
      for (const file of stdout.split("\n").filter(Boolean)) {
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await writeFile(join(dir, file), await show(file));
      }
    }
    return { entries, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** The default base: the merge-base of HEAD with `main` (or `origin/main`). */
export async function mergeBase(root: string): Promise<string> {
  for (const branch of ["main", "origin/main"]) {
    const found = await git("git", ["merge-base", branch, "HEAD"], { cwd: root }).then(
      ({ stdout }) => stdout.trim(),
      () => null,
    );
    if (found) return found;
  }
  throw new Error("No merge-base with main or origin/main: name the base with --base REF.");
}
