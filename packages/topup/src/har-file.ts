// Node only (node:fs): a subpath of its own, so the package root stays safe to bundle for a browser.
export {
  createHarFileSink,
  type HarFileSink,
  type HarFileSinkOptions,
  readHarFile,
} from "@contracts/runtime/har-file";
