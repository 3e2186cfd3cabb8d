// `pnpm docs:serve`: serves the built docs (dist/) on 127.0.0.1 with node:http only.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { distDir } from "./paths.mjs";

/** The port `pnpm docs:serve` uses unless `DOCS_PORT` says otherwise. */
export const DEFAULT_PORT = 4030;

const CONTENT_TYPES = /** @type {Record<string, string>} */ ({
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
});

/**
 * @typedef {object} DocsServer
 * @property {string} url e.g. `http://127.0.0.1:4030/`
 * @property {number} port the port actually bound (useful with `port: 0`)
 * @property {import("node:http").Server} server
 * @property {() => Promise<void>} close stops listening and drops open connections
 */

/**
 * Serves `root` (dist/ by default) on 127.0.0.1. Rejects with a clear message when the port is taken.
 * @param {{ port?: number, root?: string, host?: string }} [options] `port: 0` picks a free port
 * @returns {Promise<DocsServer>}
 */
export async function startDocsServer({ port = DEFAULT_PORT, root = distDir, host = "127.0.0.1" } = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    handle(base, request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`Internal error: ${error instanceof Error ? error.message : error}\n`);
    });
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once("error", (/** @type {NodeJS.ErrnoException} */ error) => {
      rejectListen(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on ${host} is already in use: stop whatever holds it, or set DOCS_PORT.`, {
              cause: error,
            })
          : error,
      );
    });
    server.listen(port, host, () => resolveListen(undefined));
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    server,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/**
 * GET and HEAD of files under `base`; a folder serves its index.html; dot files and paths leaving `base` are 404.
 * @param {string} base
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
async function handle(base, request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    response.end("Method not allowed\n");
    return;
  }
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    path = "\0";
  }
  let file = resolve(join(base, path));
  const inside = file === base || file.startsWith(base + sep);
  const info = inside && !path.includes("\0") && !/\/\./.test(path) ? await stat(file).catch(() => null) : null;
  if (info?.isDirectory()) {
    if (!pathname.endsWith("/")) {
      response.writeHead(301, { location: `${pathname}/` });
      response.end();
      return;
    }
    file = join(file, "index.html");
  }
  const fileInfo = info?.isDirectory() ? await stat(file).catch(() => null) : info;
  if (!fileInfo?.isFile()) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end(`Not found: ${pathname}\n`);
    return;
  }
  response.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": fileInfo.size,
    "cache-control": "no-cache",
  });
  if (request.method === "HEAD") response.end();
  else createReadStream(file).pipe(response);
}

/** `pnpm docs:serve`: serve dist/ on DOCS_PORT (default 4030) until Ctrl-C. */
async function main() {
  const port = process.env.DOCS_PORT ? Number(process.env.DOCS_PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DOCS_PORT must be a port number (0–65535), got ${JSON.stringify(process.env.DOCS_PORT)}.`);
  }
  if (!(await stat(join(distDir, "index.html")).catch(() => null))) {
    throw new Error("No docs built yet: run `pnpm docs` first.");
  }
  const docs = await startDocsServer({ port });
  console.log(`API docs at ${docs.url} (Ctrl-C to stop)`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the docs server.");
    // Note: linger briefly before exiting: a duplicate SIGINT forwarded by pnpm that lands while Node tears down
    // (signal handlers back at their defaults) would otherwise kill the process instead of letting it exit 0.
    void docs.close().then(() => setTimeout(() => process.exit(0), 150));
  };
  // Note: `on`, not `once`: under `pnpm run` a Ctrl-C arrives twice (the terminal signals the whole process group and
  // pnpm forwards it), and a second SIGINT with no listener would kill the process (pnpm/pnpm#7374).
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
