export {
  type PaymobCredentials,
  type Sandbox,
  type SandboxEvent,
  type SandboxOptions,
  startSandbox,
} from "./sandbox.js";
export { MAGIC_OUTCOMES } from "./upmobile/ledger.js";
