export { type ApiDiff, diffVersions } from "./diff.js";
export { diffApiBetween, diffRegistry, type RegistryDiff, specTags } from "./registry.js";
export { type ChangeGroup, groupChanges, renderText, verdict } from "./report.js";
export { type Change, RULES, type RuleId, type Severity } from "./rules.js";
export { checkout, mergeBase, readVersion, type SpecVersion } from "./versions.js";
