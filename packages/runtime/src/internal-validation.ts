// `@contracts/runtime/internal/validation`: what the generated validators import, and nothing more, so that importing
// a package's `./validators` loads no client, transport or recorder. Outside semver like `./internal`, which
// re-exports it.
export * from "./ajv-helpers.js";
export * from "./validation/index.js";
