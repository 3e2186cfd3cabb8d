import { findRepositoryRoot, loadApiNamed } from "@contracts/codegen/registry";

const root = findRepositoryRoot(import.meta.dirname);

/** The specs' facts (examples, rules, defaults), read from the specs as every tool of the repository reads them. */
export const upmobileSpec = (await loadApiNamed(root, "upmobile")).facts;
export const topupSpec = (await loadApiNamed(root, "topup")).facts;
