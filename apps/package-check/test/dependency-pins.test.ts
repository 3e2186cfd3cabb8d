import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The decision record's pins hold: every package.json of the repository names each pinned package with exactly the
// version the record's table gives, so no range can let a newer release (a new major above all) in unreviewed.

const root = join(import.meta.dirname, "..", "..", "..");
const record = readFileSync(join(root, "docs", "decisions", "maintenance-mode-dependencies.md"), "utf8");

/** The record's table: package → pinned version. */
const pins = new Map(
  [...record.matchAll(/^\|\s*(@?[a-z0-9@/.-]+)\s*\|\s*(\d+\.\d+\.\d+)\s*\|/gm)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]),
);

const manifests = ["package.json"].concat(
  ...["packages", "apps"].map((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(folder, d.name, "package.json")),
  ),
);

function dependencies(file: string): Array<[string, string]> {
  const manifest = JSON.parse(readFileSync(join(root, file), "utf8")) as Record<string, Record<string, string>>;
  return ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
    Object.entries(manifest[field] ?? {}),
  );
}

describe("the decision record's pins", () => {
  it("lists the two packages in maintenance mode and the other pins", () => {
    for (const name of ["openapi-typescript", "openapi-fetch", "openapi-typescript-helpers", "@stoplight/prism-cli"]) {
      expect(pins.has(name), name).toBe(true);
    }
    expect(pins.size).toBeGreaterThanOrEqual(8);
  });

  it.each(manifests)("%s names every pinned package with exactly the recorded version", (file) => {
    const ranged = dependencies(file).filter(([name, spec]) => pins.has(name) && spec !== pins.get(name));
    expect(ranged).toEqual([]);
  });

  it("has every pinned package in some package.json (a pin nobody uses is a stale record)", () => {
    const used = new Set(manifests.flatMap((file) => dependencies(file).map(([name]) => name)));
    expect([...pins.keys()].filter((name) => !used.has(name))).toEqual([]);
  });
});
