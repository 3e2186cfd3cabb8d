// What the docs' Changes pages and `pnpm release` use; `pnpm spec:diff` is the CLI (src/cli.ts).
export { type ApiDiff, diffVersions } from "./diff.js";
export { readVersionAt, specTag, specTags } from "./registry.js";
export { type ChangeGroup, groupChanges, verdict } from "./report.js";
export type { Change, RuleId, Severity } from "./rules.js";
export { type SpecVersion, versionOf } from "./versions.js";
