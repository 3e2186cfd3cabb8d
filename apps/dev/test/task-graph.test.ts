import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepositoryRoot } from "@contracts/codegen";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The task graph turbo would run, read with `--dry=json` from a copy of the repository's files (no install needed,
// nothing runs): a spec edit must change the hashes of that API's tasks and of what depends on it, and no others.
const run = promisify(execFile);
const repo = findRepositoryRoot(import.meta.dirname);
const turbo = join(repo, "node_modules", ".bin", "turbo");
const TASKS = ["generate", "build", "typecheck", "test"];
let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "task-graph-"));
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo });
  const files = stdout.split("\0").filter(Boolean);
  for (const file of files) {
    await cp(join(repo, file), join(copy, file), { recursive: false, force: true }).catch(async (error) => {
      // a file deleted in the work tree but still in the index is simply not copied.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
  }
  await run("git", ["init", "-q"], { cwd: copy });
});
afterAll(() => rm(copy, { recursive: true, force: true }));

/** Every task's hash, `@contracts/topup#build` → hash. */
async function hashes(): Promise<Map<string, string>> {
  const { stdout } = await run(turbo, ["run", ...TASKS, "--dry=json"], {
    cwd: copy,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  const plan = JSON.parse(stdout) as { tasks: Array<{ taskId: string; hash: string }> };
  return new Map(plan.tasks.map((t) => [t.taskId, t.hash]));
}

/** Rewrites an API's spec in the copy (edited by `edit`) and returns the tasks whose hash changed. */
async function changedBy(alias: string, edit = (text: string) => text.replace(/^( {2}title: .*)$/m, "$1 (edited)")) {
  const before = await hashes();
  const spec = join(copy, "specs", alias, "openapi.yaml");
  const text = await readFile(spec, "utf8");
  await writeFile(spec, edit(text));
  try {
    const after = await hashes();
    return [...after].filter(([task, hash]) => before.get(task) !== hash).map(([task]) => task);
  } finally {
    await writeFile(spec, text);
  }
}

const ofPackage = (tasks: string[], name: string) => tasks.filter((t) => t.startsWith(`${name}#`));

describe("the task graph", () => {
  it("reruns an Upmobile edit's own generation and what depends on it, and nothing of Topup", async () => {
    const changed = await changedBy("upmobile");
    expect(ofPackage(changed, "@contracts/upmobile").sort()).toEqual(
      TASKS.map((t) => `@contracts/upmobile#${t}`).sort(),
    );
    expect(ofPackage(changed, "@contracts/topup")).toEqual([]);
    for (const untouched of ["@contracts/runtime", "@contracts/test-server"]) {
      expect(ofPackage(changed, untouched)).toEqual([]);
    }
    // codegen's own tests check every spec's examples and markers, so they rerun; its build does not.
    expect(ofPackage(changed, "@contracts/codegen")).toEqual(["@contracts/codegen#test"]);
    // What builds on the Upmobile client is rebuilt and retested.
    expect(changed).toEqual(expect.arrayContaining(["@contracts/sandbox#build", "@contracts/demo#test"]));
  });

  it("reruns a Topup edit's own generation and nothing of Upmobile", async () => {
    const changed = await changedBy("topup");
    expect(changed).toContain("@contracts/topup#generate");
    expect(ofPackage(changed, "@contracts/upmobile")).toEqual([]);
  });

  it("reruns nothing when a save writes the same bytes (turbo hashes contents, not times)", async () => {
    expect(await changedBy("upmobile", (text) => text)).toEqual([]);
  });
});
