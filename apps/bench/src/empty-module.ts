/**
 * Deliberately empty: the cold-import benchmark imports it the same way as the validators modules, in a fresh node
 * process, to measure what any first `import()` costs (ESM loader start-up, one file read) apart from the module.
 */
export {};
