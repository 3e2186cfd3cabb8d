// `pnpm docs:serve`: serves the built docs (site/) on 127.0.0.1 with node:http only.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { siteDir } from "./paths.js";

/** The port `pnpm docs:serve` uses unless `DOCS_PORT` says otherwise. */
export const DEFAULT_PORT = 4030;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A running docs server. */
export interface DocsServer {
  /** e.g. `http://127.0.0.1:4030/` */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  server: Server;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface DocsServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The folder served; site/ by default. */
  root?: string;
  host?: string;
}

/** Serves `root` (site/ by default) on 127.0.0.1. Rejects with a clear message when the port is taken. */
export async function startDocsServer({
  port = DEFAULT_PORT,
  root = siteDir,
  host = "127.0.0.1",
}: DocsServerOptions = {}): Promise<DocsServer> {
  const base = resolve(root);
  const server = createServer((request, response) => {
    handle(base, request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`Internal error: ${error instanceof Error ? error.message : error}\n`);
    });
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      rejectListen(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on ${host} is already in use: stop whatever holds it, or set DOCS_PORT.`, {
              cause: error,
            })
          : error,
      );
    });
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/** GET and HEAD of files under `base`; a folder serves its index.html; dot files and paths leaving `base` are 404. */
async function handle(base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    response.end("Method not allowed\n");
    return;
  }
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  let path: string;
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
