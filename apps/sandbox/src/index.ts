export { type PaymobCredentials, type Sandbox, type SandboxOptions, startSandbox } from "./sandbox.js";
export { MAGIC_OUTCOMES } from "./upmobile/lifecycle.js";
