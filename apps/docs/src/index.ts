// What other apps use: `pnpm start` and `pnpm dev` build the site and serve it in their own process.
export { type ApiPage, type BuildDocsOptions, type BuiltDocs, buildDocs } from "./build.js";
export { siteDir } from "./paths.js";
export { DEFAULT_PORT, type DocsServer, type DocsServerOptions, startDocsServer } from "./server.js";
