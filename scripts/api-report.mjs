#!/usr/bin/env node
// API reports of the published packages: API Extractor reads each entry point's emitted .d.ts (the root, ./spec,
// ./validators, ./har-file; never ./internal) and writes packages/<name>/api/<entry>.api.md.
//   node scripts/api-report.mjs --update [name…]   rewrite the reports from dist
//   node scripts/api-report.mjs --check [name…]    fail when a report differs from dist (each package's test runs it)
//   --build first builds the packages with turbo (`pnpm api:update` and `pnpm api:check` pass it)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { publishedPackages } from "./published.mjs";

const root = join(import.meta.dirname, "..");
export const PUBLISHED = publishedPackages(root).map((p) => p.folder);
/** Subpaths outside the semver promise: no report, and documented as such in the package's README. */
export const UNREPORTED = new Set(["./internal", "./internal/validation", "./package.json"]);

/** Each reported entry point of a package: its report's name and its emitted declaration file. */
export function entryPoints(name) {
  const dir = join(root, "packages", name);
  const { exports } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return Object.entries(exports)
    .filter(([subpath]) => !UNREPORTED.has(subpath))
    .map(([subpath, target]) => ({
      report: subpath === "." ? "index" : subpath.slice(2),
      types: join(dir, target.types),
    }));
}

function extract(name, entry, localBuild) {
  const dir = join(root, "packages", name);
  const temp = join(tmpdir(), "contracts-api-report", name);
  mkdirSync(temp, { recursive: true });
  if (localBuild) mkdirSync(join(dir, "api"), { recursive: true });
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: dir,
      newlineKind: "lf",
      mainEntryPointFilePath: entry.types,
      // The client packages' reports spell out what they expose of the runtime (its ./internal types above all),
      // so a change there shows in the report of every package it reaches.
      bundledPackages: name === "runtime" ? [] : ["@contracts/runtime"],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            module: "NodeNext",
            moduleResolution: "NodeNext",
            target: "ES2022",
            lib: ["ES2023", "DOM", "DOM.Iterable"],
            types: ["node"],
            strict: true,
            skipLibCheck: true,
          },
          files: [entry.types],
        },
      },
      apiReport: {
        enabled: true,
        reportFolder: join(dir, "api"),
        reportTempFolder: temp,
        reportFileName: entry.report,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: "error" } },
        extractorMessageReporting: {
          // Warnings name source paths, which differ between checkouts (the runtime's, bundled into the clients'
          // reports, by absolute path): kept out of the reports so they read the same on every machine.
          default: { logLevel: "warning", addToApiReportFile: false },
          // Release tags (@public, @beta) are not how these packages mark what is public: the exports map is.
          "ae-missing-release-tag": { logLevel: "none", addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(dir, "package.json"),
  });
  const problems = [];
  const result = Extractor.invoke(config, {
    localBuild,
    messageCallback(message) {
      message.handled = true;
      if (message.logLevel === "error") problems.push(message.formatMessageWithLocation(dir));
    },
  });
  return { changed: result.apiReportChanged, problems };
}

/** Runs every reported entry of the packages; returns the reports that differ from dist, and any error. */
export function run({ update, names = PUBLISHED }) {
  const changed = [];
  const problems = [];
  for (const name of names) {
    for (const entry of entryPoints(name)) {
      const outcome = extract(name, entry, update);
      if (outcome.changed) changed.push(`packages/${name}/api/${entry.report}.api.md`);
      problems.push(...outcome.problems);
    }
  }
  return { changed, problems };
}

if (process.argv[1] === import.meta.filename) {
  const update = process.argv.includes("--update");
  const names = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const chosen = names.length ? names : PUBLISHED;
  if (process.argv.includes("--build")) {
    const filters = chosen.map((name) => `--filter=./packages/${name}`);
    execFileSync("pnpm", ["exec", "turbo", "run", "build", ...filters, "--output-logs=errors-only"], {
      stdio: "inherit",
    });
  }
  const { changed, problems } = run({ update, names: chosen });
  for (const problem of problems) console.error(problem);
  if (update) {
    console.log(changed.length ? `api reports updated:\n  ${changed.join("\n  ")}` : "api reports: unchanged.");
  } else if (changed.length) {
    console.error(
      `The public API differs from its committed report:\n  ${changed.join("\n  ")}\n` +
        "Review the change, run `pnpm api:update` and commit the reports (with a changeset: `pnpm changeset`).",
    );
  } else console.log("api reports: match the built .d.ts.");
  if (problems.length || (!update && changed.length)) process.exit(1);
}
