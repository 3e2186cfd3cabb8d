export { type Sandbox, type SandboxOptions, startSandbox, type TopupCredentials } from "./sandbox.js";
