import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findRepositoryRoot } from "@contracts/codegen";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `pnpm spec:diff` as CI runs it, in a throwaway git repository holding this repository's registry and specs.
const run = promisify(execFile);
const cli = join(import.meta.dirname, "..", "dist", "cli.js");
const repo = findRepositoryRoot(import.meta.dirname);
let dir: string;

const git = (...args: string[]) => run("git", args, { cwd: dir });
async function specDiff(...args: string[]) {
  return run(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, INIT_CWD: dir } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout + error.stderr,
    }),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spec-diff-cli-"));
  await cp(join(repo, "redocly.yaml"), join(dir, "redocly.yaml"));
  await cp(join(repo, "specs"), join(dir, "specs"), { recursive: true });
  await git("init", "-q", "-b", "main");
  await git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "empty");
  await git("add", ".");
  await git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "specs");
  await git("checkout", "-q", "-b", "feature");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const upmobile = () => join(dir, "specs", "upmobile", "openapi.yaml");
/** The Upmobile spec's `info.version` in the repository, and the same with its major raised. */
const versionLine = /^ {2}version: ((\d+)\.\d+\.\d+)$/m;
const [, version = "", major = ""] =
  versionLine.exec(await readFile(join(repo, "specs", "upmobile", "openapi.yaml"), "utf8")) ?? [];
const nextMajor = `${Number(major) + 1}.0.0`;

describe("pnpm spec:diff", () => {
  it("passes when nothing changed since the merge-base with main", async () => {
    const { code, stdout } = await specDiff();
    expect(code).toBe(0);
    expect(stdout).toContain(`upmobile ${version} → ${version}`);
    expect(stdout).toContain("no changes");
  });

  it("fails on a breaking change, naming it, and passes once the major version is raised", async () => {
    const original = await readFile(upmobile(), "utf8");
    try {
      await writeFile(upmobile(), original.replace("  /operations/{id}:\n", "  /operations/{operation_id}:\n"));
      const broken = await specDiff();
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(
        /BREAKING {2}GetOperation · GET \/operations\/\{id\}: moved to GET \/operations\/\{operation_id\}/,
      );
      expect(broken.stdout).toContain("not allowed");

      await writeFile(upmobile(), (await readFile(upmobile(), "utf8")).replace(versionLine, `  version: ${nextMajor}`));
      const announced = await specDiff();
      expect(announced.code, announced.stdout).toBe(0);
      expect(announced.stdout).toContain(`announced by the major version (${version} → ${nextMajor})`);
    } finally {
      await writeFile(upmobile(), original);
    }
  });

  it("compares with any ref given with --base, and says what it compared with", async () => {
    const { code, stdout } = await specDiff("--base", "HEAD~1");
    expect(code).toBe(0);
    expect(stdout).toContain(`upmobile (new) → ${version}`);
  });

  it("prints the diff as JSON with --json, the verdict in it", async () => {
    const { code, stdout } = await specDiff("--json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { ok: boolean; diffs: Array<{ api: string; changes: unknown[] }> };
    expect(result.ok).toBe(true);
    expect(result.diffs.map((d) => [d.api, d.changes])).toEqual([
      ["upmobile", []],
      ["topup", []],
    ]);
  });

  it("exits 2 on bad input, an unknown ref or an unknown option, and says what is wrong", async () => {
    const unknownRef = await specDiff("--base", "no-such-ref");
    expect(unknownRef.code).toBe(2);
    expect(unknownRef.stdout).toContain("no-such-ref");
    const unknownOption = await specDiff("--bsae", "main");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stdout).toContain("--bsae");
  });
});
