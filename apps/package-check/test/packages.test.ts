import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { type Sandbox, startSandbox } from "@contracts/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The SDK packages as a team outside this repository meets them: packed as they would be published, linted by
// publint and arethetypeswrong, installed with npm into a fresh project in the system's temp folder (no workspace,
// no overrides), compiled strictly, run against the sandbox on Node 20 and Node 24, required from CommonJS, and
// bundled for a browser by Vite.

const run = promisify(execFile);
const here = import.meta.dirname;
const root = join(here, "..", "..", "..");
const PACKAGES = ["runtime", "upmobile", "topup"] as const;
/**
 * The TypeScript lines a consumer may compile with (5.4 is the oldest supported, 7 the native compiler), each under
 * its own name in the consumer project, installed from the npm registry beside the tarballs.
 */
const COMPILERS = {
  "TypeScript 5.4": "ts54@npm:typescript@5.4.5",
  "TypeScript 5.9": "typescript@5.9.3",
  "TypeScript 6": "ts6@npm:typescript@6.0.3",
  "TypeScript 7": "ts7@npm:typescript@7.0.2",
} as const;
const TOOLS = [...Object.values(COMPILERS), "vite@8.3.8", "@types/node@20.19.25"];
/** The Node lines the packages run on, each from .tools/ (scripts/node-lines.mjs). */
const NODE_MAJORS = ["20", "22", "24", "26"] as const;

const work = mkdtempSync(join(tmpdir(), "contracts-consumer-"));
const consumer = join(work, "consumer");
const tarballs: Record<string, string> = {};
let sandbox: Sandbox;
const nodes: Record<string, string> = {};

async function sh(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv } = { cwd: work }) {
  try {
    return await run(cmd, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${stdout}${stderr}`);
  }
}

beforeAll(async () => {
  const packs = join(work, "packs");
  mkdirSync(packs);
  for (const name of PACKAGES) {
    await sh("pnpm", ["pack", "--pack-destination", packs], { cwd: join(root, "packages", name) });
  }
  for (const file of readdirSync(packs)) {
    const name = PACKAGES.find((p) => file.startsWith(`contracts-${p}-`));
    if (name) tarballs[name] = join(packs, file);
  }
  cpSync(join(here, "..", "consumer"), consumer, { recursive: true });
  cpSync(join(root, "apps", "contract-tests", "fixtures", "proof.pdf"), join(consumer, "proof.pdf"));
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await sh("npm", ["install", "--no-audit", "--no-fund", ...PACKAGES.map((p) => tarballs[p] as string), ...TOOLS], {
    cwd: consumer,
  });
  for (const major of NODE_MAJORS) {
    const { stdout } = await sh(
      "node",
      [join(root, "scripts", "node-lines.mjs"), major, "node", "-p", "process.execPath"],
      {
        cwd: root,
      },
    );
    nodes[major] = stdout.trim();
  }
  sandbox = await startSandbox({ port: 0, operationStepMs: 20 });
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the packed tarballs", () => {
  it.each(PACKAGES)(
    "%s holds dist, its sources (for the maps), README and LICENSE — no tests, configs, logs or paths of this machine",
    async (name) => {
      const tarball = tarballs[name] as string;
      const listing = (await sh("tar", ["-tzf", tarball])).stdout.trim().split("\n").sort();
      const outside = listing.filter((f) => !/^package\/((dist|src)\/.+|README\.md|LICENSE|package\.json)$/.test(f));
      expect(outside).toEqual([]);
      expect(listing.filter((f) => /test|vitest|tsconfig|\.turbo|\.log$|\.tsbuildinfo$/.test(f))).toEqual([]);
      expect(listing).toEqual(
        expect.arrayContaining(["package/README.md", "package/LICENSE", "package/dist/index.js"]),
      );

      const unpacked = join(work, "unpacked", name);
      mkdirSync(unpacked, { recursive: true });
      await sh("tar", ["-xzf", tarball, "-C", unpacked]);
      const pkg = join(unpacked, "package");
      for (const file of listing) {
        const text = readFileSync(join(unpacked, file), "utf8");
        expect(text.includes(root), `${file} names this checkout`).toBe(false);
        expect(/\/(work|home|root|tmp)\//.test(text.replace(/https?:\/\/\S+/g, "")), `${file} holds a local path`).toBe(
          false,
        );
        if (file.endsWith(".map")) {
          const map = JSON.parse(text) as { sources: string[] };
          for (const source of map.sources) {
            const resolved = join(unpacked, file, "..", source);
            expect(listing, `${file} → ${source}`).toContain(relative(unpacked, resolved));
          }
        }
      }
      const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
      expect(manifest.private).toBeUndefined();
      expect(manifest).toMatchObject({ license: "MIT", engines: { node: ">=20.19.0" }, type: "module" });
      expect(manifest.repository).toMatchObject({ type: "git", directory: `packages/${name}` });
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
      // the generated code imports `@contracts/runtime/internal`, which semver does not cover: each client takes
      // the runtime of its own release, exactly, never a newer minor's internals.
      if (name !== "runtime") expect(manifest.dependencies["@contracts/runtime"]).toBe(manifest.version);
      const { size } = statSync(tarball);
      console.log(
        `${manifest.name}@${manifest.version}: ${listing.length} files, ${(size / 1024).toFixed(1)} KiB packed`,
      );
    },
  );

  it.each(PACKAGES)("%s passes publint (strict)", async (name) => {
    const { stdout } = await sh(join(here, "..", "node_modules", ".bin", "publint"), [
      "--strict",
      join(root, "packages", name),
    ]);
    expect(stdout).toContain("All good!");
  });

  it.each(PACKAGES)("%s passes arethetypeswrong (ESM-only profile)", async (name) => {
    // attw exits non-zero on any problem its profile counts; ESM-only ignores CommonJS resolution.
    const attw = join(here, "..", "node_modules", ".bin", "attw");
    const { stdout } = await sh(attw, [tarballs[name] as string, "--profile", "esm-only", "--format", "json"]);
    const { problems } = JSON.parse(stdout) as { problems: Record<string, Array<{ resolutionKind?: string }>> };
    const counted = Object.values(problems)
      .flat()
      .filter((p) => p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs");
    expect(counted).toEqual([]);
  });
});

describe("a project outside the workspace", () => {
  // compiled to dist/ once, for the runs on both Node versions.
  let emitted: Promise<unknown> | undefined;
  const emitConsumer = () => {
    emitted ??= sh("node", [join(consumer, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.node16.json"], {
      cwd: consumer,
    });
    return emitted;
  };

  it.each(
    Object.entries(COMPILERS).flatMap(([label, spec]) => {
      const name = spec.split("@npm:")[0]?.replace(/@[^@]*$/, "") ?? spec;
      return ["node16", "bundler"].map((resolution) => [label, resolution, name] as const);
    }),
  )(
    "compiles a strict consumer of both clients with %s and %s resolution, its @ts-expect-error lines still errors",
    async (label, resolution, compiler) => {
      const tsc = join(consumer, "node_modules", compiler, "bin", "tsc");
      const { stdout } = await sh("node", [tsc, "--version"], { cwd: consumer });
      expect(stdout).toMatch(new RegExp(`^Version ${label.slice("TypeScript ".length).replace(".", "\\.")}\\b`));
      await sh("node", [tsc, "-p", `tsconfig.${resolution}.json`, "--noEmit"], { cwd: consumer });
    },
  );

  it("runs on the floor of every package's engines range, and each line it claims", async () => {
    for (const name of PACKAGES) {
      const { engines } = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
      expect(engines).toEqual({ node: ">=20.19.0" });
    }
    const versions = await Promise.all(
      NODE_MAJORS.map(async (m) => (await sh(nodes[m] as string, ["--version"])).stdout.trim()),
    );
    expect(versions[0]).toBe("v20.19.0");
    expect(versions.map((v) => v.split(".")[0])).toEqual(NODE_MAJORS.map((m) => `v${m}`));
  });

  it.each(NODE_MAJORS.map((major) => [`Node ${major}`, () => nodes[major] as string] as const))(
    "runs the consumer against the sandbox on %s: a withdrawal to a terminal status, a recorded multipart top-up with a real PDF",
    async (label, node) => {
      await emitConsumer();
      const env = {
        ...process.env,
        UPMOBILE_BASE_URL: sandbox.upmobile.url,
        UPMOBILE_TOKEN: sandbox.upmobile.token,
        TOPUP_BASE_URL: sandbox.topup.url,
        TOPUP_CLIENT_ID: sandbox.topupCredentials.client_id,
        TOPUP_CLIENT_SECRET: sandbox.topupCredentials.client_secret,
        TOPUP_USERNAME: sandbox.topupCredentials.username,
        TOPUP_PASSWORD: sandbox.topupCredentials.password,
        PROOF_PDF: join(consumer, "proof.pdf"),
      };
      const { stdout } = await sh(node(), [join(consumer, "dist", "use-both.js")], { cwd: consumer, env });
      const result = JSON.parse(stdout) as {
        withdrawal: string;
        topup: string;
        proof: string;
        refused: string[];
        recording: { entries: number; leaked: string[] };
      };
      expect(["completed", "failed", "canceled"], label).toContain(result.withdrawal);
      expect(result).toMatchObject({ topup: "pending", refused: ["/amount pattern"] });
      // The token grant and the upload, recorded to a HAR file with no secret or personal value in it.
      expect(result.recording).toEqual({ entries: 2, leaked: [] });
      expect(result.proof).toMatch(/proof\.pdf$/);
    },
  );

  it.each(NODE_MAJORS.map((major) => [`Node ${major}`, () => nodes[major] as string] as const))(
    "require()s the ES-module packages from CommonJS on %s",
    async (_label, node) => {
      const { stdout } = await sh(node(), [join(consumer, "require.cjs")], { cwd: consumer });
      expect(JSON.parse(stdout)).toEqual({
        upmobileClient: true,
        topupClient: true,
        sameHttpError: true,
        validator: true,
        operations: 4,
      });
    },
  );

  it("bundles a page using both clients for a browser with Vite, and reports its gzip size", async () => {
    const out = join(work, "web-dist");
    await sh(
      "node",
      [join(consumer, "node_modules", "vite", "bin", "vite.js"), "build", "web", "--outDir", out, "--logLevel", "warn"],
      {
        cwd: consumer,
      },
    );
    const scripts = readdirSync(join(out, "assets")).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((f) => readFileSync(join(out, "assets", f)));
    const raw = sizes.reduce((sum, b) => sum + b.length, 0);
    const gzip = sizes.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
    console.log(`Vite build of a page with both clients and their validators: ${raw} B, ${gzip} B gzip`);
    expect(gzip).toBeGreaterThan(0);
  });
});

describe("releasing", () => {
  it("Changesets versions the three packages as one, and any pending changeset releases them together", async () => {
    const published = PACKAGES.map((p) => `@contracts/${p}`).sort();
    // what the API reports, their gate and the release treat as published (scripts/published.mjs): every
    // package folder that is not private; a new client package must be checked here too.
    const manifests = readdirSync(join(root, "packages")).flatMap((folder) => {
      try {
        return [JSON.parse(readFileSync(join(root, "packages", folder, "package.json"), "utf8"))];
      } catch {
        return [];
      }
    });
    expect(
      manifests
        .filter((m) => !m.private)
        .map((m) => m.name)
        .sort(),
    ).toEqual(published);
    const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8")) as { fixed: string[][] };
    expect(config.fixed.map((group) => [...group].sort())).toEqual([published]);
    const versions = PACKAGES.map(
      (p) => JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8")).version,
    );
    expect(new Set(versions).size).toBe(1);

    const out = join(work, "release-plan.json");
    await sh("pnpm", ["exec", "changeset", "status", "--output", out], { cwd: root });
    const plan = JSON.parse(readFileSync(out, "utf8")) as {
      changesets: unknown[];
      releases: Array<{ name: string; type: string; newVersion: string; oldVersion: string }>;
    };
    const releasing = plan.releases.filter((r) => r.type !== "none");
    if (plan.changesets.length === 0) return expect(releasing).toEqual([]);
    expect(releasing.map((r) => r.name).sort()).toEqual(published);
    expect(new Set(releasing.map((r) => r.newVersion)).size).toBe(1);
    for (const release of releasing) expect(release.newVersion).not.toBe(release.oldVersion);
  });

  it("the API gate stops a release whose API report or spec changed without a changeset added since the base, and lets one through with a changeset or a new version", async () => {
    const repo = join(work, "gate-repo");
    const pkg = join(repo, "packages", "upmobile");
    const git = (...args: string[]) =>
      sh("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo });
    const manifest = (version: string) => JSON.stringify({ name: "@contracts/upmobile", version });
    const changeset = (file: string) =>
      writeFileSync(join(repo, ".changeset", file), '---\n"@contracts/upmobile": minor\n---\n\nA change.\n');
    mkdirSync(join(pkg, "api"), { recursive: true });
    mkdirSync(join(repo, ".changeset"));
    writeFileSync(join(pkg, "package.json"), manifest("1.0.0"));
    writeFileSync(join(pkg, "api", "index.api.md"), "export function a(): void;\n");
    changeset("released-before.md");
    await git("init", "-q", "-b", "main");
    await git("add", ".");
    await git("commit", "-qm", "base");
    await git("checkout", "-qb", "change");
    const gate = () =>
      run("node", [join(root, "scripts", "api-gate.mjs"), "--root", repo, "--json"], { cwd: repo }).then(
        ({ stdout }) => JSON.parse(stdout),
        (error: { stdout: string }) => JSON.parse(error.stdout),
      );

    expect(await gate()).toEqual({ base: "main", changed: [], unexplained: [] });
    writeFileSync(join(pkg, "api", "index.api.md"), "export function a(): void;\nexport function b(): void;\n");
    // The changeset already on main describes an earlier change; it does not explain this one.
    expect(await gate()).toEqual({ base: "main", changed: ["upmobile"], unexplained: ["upmobile"] });
    changeset("new-export.md");
    expect(await gate()).toEqual({ base: "main", changed: ["upmobile"], unexplained: [] });
    rmSync(join(repo, ".changeset", "new-export.md"));
    writeFileSync(join(pkg, "package.json"), manifest("1.1.0"));
    expect(await gate()).toEqual({ base: "main", changed: ["upmobile"], unexplained: [] });

    // A stricter rule in the spec changes no API report, but changes what the client sends: it needs a changeset too.
    await git("add", ".");
    await git("commit", "-qm", "1.1.0");
    await git("checkout", "-qb", "stricter", "main");
    mkdirSync(join(repo, "specs", "upmobile"), { recursive: true });
    writeFileSync(join(repo, "specs", "upmobile", "openapi.yaml"), "maxLength: 32\n");
    expect(await gate()).toEqual({ base: "main", changed: ["upmobile"], unexplained: ["upmobile"] });
    changeset("stricter-destination.md");
    expect(await gate()).toEqual({ base: "main", changed: ["upmobile"], unexplained: [] });
  });

  it("pnpm release --dry-run shows the three tarballs it would publish and the spec tags it would make, and does neither", async () => {
    const tagsBefore = (await sh("git", ["tag", "--list", "spec/*"], { cwd: root })).stdout;
    const { stdout, stderr } = await sh("pnpm", ["release", "--dry-run"], { cwd: root });
    const output = `${stdout}${stderr}`;
    for (const name of ["@contracts/runtime", "@contracts/upmobile", "@contracts/topup"]) {
      expect(output).toMatch(new RegExp(`\\+ ${name}@\\d+\\.\\d+\\.\\d+`));
    }
    expect(output).toContain("(dry-run)");
    for (const api of ["upmobile", "topup"]) {
      const version = /^ {2}version: (\S+)$/m.exec(readFileSync(join(root, "specs", api, "openapi.yaml"), "utf8"))?.[1];
      const tag = `spec/${api}@${version}`;
      if (!tagsBefore.split("\n").includes(tag)) expect(output).toContain(`would tag ${tag}`);
    }
    expect((await sh("git", ["tag", "--list", "spec/*"], { cwd: root })).stdout).toBe(tagsBefore);
  });
});
