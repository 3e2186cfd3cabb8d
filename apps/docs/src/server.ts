// `pnpm docs:serve`: serves the built site on 127.0.0.1 with sirv (the static file handler behind `vite preview`) on
// node:http. This file adds what a docs site needs around it: GET and HEAD only, no dot files, folders in their slash
// form (Redoc's pages link their spec downloads relatively), and a clear message when the port is taken.
import { once } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import sirv from "sirv";
import { siteDir } from "./paths.js";

/** The port `pnpm docs:serve` uses unless `DOCS_PORT` says otherwise. */
export const DEFAULT_PORT = 4030;

/** A running docs server. */
export interface DocsServer {
  /** e.g. `http://127.0.0.1:4030/` */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** Tells every open page to reload (with `liveReload`; otherwise does nothing). */
  reload(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface DocsServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The folder served; site/ by default. */
  root?: string;
  /** For `pnpm dev`: every HTML page gets a script that reloads it when {@link DocsServer.reload} is called. */
  liveReload?: boolean;
}

/** Where a live-reloading page listens for the reload (Server-Sent Events). */
const RELOAD_PATH = "/__docs-reload";
const RELOAD_SCRIPT = `<script>new EventSource(${JSON.stringify(RELOAD_PATH)}).onmessage = () => location.reload();</script>`;

/** Serves `root` (site/ by default) on 127.0.0.1. Rejects with a clear message when the port is taken. */
export async function startDocsServer({
  port = DEFAULT_PORT,
  root = siteDir,
  liveReload = false,
}: DocsServerOptions = {}): Promise<DocsServer> {
  const base = resolve(root);
  const host = "127.0.0.1";
  const listeners = new Set<ServerResponse>();
  const serveFile = sirv(base, {
    // dev mode looks a file up when it is asked for; by default sirv lists the folder once at start, and a site
    // rebuilt by `pnpm docs` while the server runs would be served with the old files' sizes.
    dev: true,
    etag: true,
    // A folder's index.html (sirv then also answers `/<name>` with `<name>.html`, which this site never links).
    extensions: ["html"],
    // sirv says `text/yaml` with no charset, and a browser then shows the spec's non-ASCII text garbled.
    setHeaders: (response, pathname) => {
      if (pathname.endsWith(".yaml")) response.setHeader("Content-Type", "application/yaml; charset=utf-8");
    },
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      const headers = { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" };
      return void response.writeHead(405, headers).end("Method not allowed\n");
    }
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    const notFound = () =>
      void response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`Not found: ${pathname}\n`);
    let path: string;
    try {
      path = decodeURIComponent(pathname);
    } catch {
      return notFound();
    }
    // refusing every segment that starts with a dot covers dot files and `..` alike, also when percent-encoded,
    // before anything touches the disk; sirv serves dot files in dev mode.
    if (path.includes("\0") || path.split("/").some((segment) => segment.startsWith("."))) return notFound();
    if (!pathname.endsWith("/") && (await stat(join(base, path)).catch(() => null))?.isDirectory()) {
      return void response.writeHead(301, { location: `${pathname}/` }).end();
    }
    const file = join(base, path.endsWith("/") ? `${path}index.html` : path);
    if (!liveReload || !file.endsWith(".html")) return serveFile(request, response, notFound);
    // with live reload, a page gets the script that reloads it before `</body>`.
    const html = await readFile(file, "utf8").catch(() => undefined);
    if (html === undefined) return notFound();
    const page = html.includes("</body>") ? html.replace("</body>", `${RELOAD_SCRIPT}</body>`) : html + RELOAD_SCRIPT;
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : page);
  };
  const server = createServer((request, response) => {
    if (liveReload && request.url === RELOAD_PATH) {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      response.write(": listening\n\n");
      listeners.add(response);
      response.once("close", () => listeners.delete(response));
      return;
    }
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`Internal error: ${error instanceof Error ? error.message : error}\n`);
    });
  });
  server.listen(port, host);
  await once(server, "listening").catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    const message = `Port ${port} on ${host} is already in use: stop whatever holds it, or set DOCS_PORT.`;
    throw new Error(message, { cause: error });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    reload: () => {
      for (const listener of listeners) listener.write("data: reload\n\n");
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
