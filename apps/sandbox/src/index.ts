export { type Sandbox, type SandboxOptions, startSandbox, type TopupCredentials } from "./sandbox.js";
export { MAGIC_OUTCOMES } from "./upmobile/lifecycle.js";
