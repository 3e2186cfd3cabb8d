export { type ApiDiff, diffVersions } from "./diff.js";
export { diffRegistry, type RegistryDiff, readVersionAt, specTag, specTags } from "./registry.js";
export { type ChangeGroup, groupChanges, renderText, verdict } from "./report.js";
export { type Change, RULES, type RuleId, type Severity } from "./rules.js";
export { readVersion, type SpecVersion } from "./versions.js";
