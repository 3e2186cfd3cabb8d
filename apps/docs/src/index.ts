export { type ApiPage, type BuildDocsOptions, type BuiltDocs, buildDocs, renderIndex } from "./build.js";
export { checkSamples } from "./check-samples.js";
export { samplesDir, siteDir } from "./paths.js";
export { type ApiSamples, buildAllSamples, clientPackage, type OperationSamples, writeSamples } from "./samples.js";
export { DEFAULT_PORT, type DocsServer, type DocsServerOptions, startDocsServer } from "./server.js";
