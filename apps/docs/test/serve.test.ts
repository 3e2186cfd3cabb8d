import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../src/paths.js";
import { type DocsServer, startDocsServer } from "../src/server.js";
import { requireBuiltSite } from "./support/built-site.js";

let root: string;
let docs: DocsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "docs-serve-"));
  await mkdir(join(root, "api"));
  await writeFile(join(root, "index.html"), "<h1>index</h1>");
  await writeFile(join(root, "api", "index.html"), "<h1>api</h1>");
  await writeFile(join(root, "api", "openapi.yaml"), "openapi: 3.1.0\n");
  await writeFile(join(root, ".env"), "TOKEN=secret\n");
  await mkdir(join(root, ".git"));
  await writeFile(join(root, ".git", "config"), "[core]\n");
  docs = await startDocsServer({ port: 0, root });
});

afterAll(async () => {
  await docs?.close();
  await rm(root, { recursive: true, force: true });
});

interface Cli {
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** Resolves with [exit code, signal] once it has exited and its output is read. */
  closed: Promise<unknown[]>;
}

/** Runs `node dist/cli.js serve` and resolves once it has printed something (or exited). */
async function startCli(env: Record<string, string>): Promise<Cli> {
  const child = spawn(process.execPath, ["dist/cli.js", "serve"], {
    cwd: appDir,
    env: { ...process.env, ...env },
  });
  const closed = once(child, "close");
  let text = "";
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  await Promise.race([once(child.stdout, "data"), once(child.stderr, "data"), closed]);
  return { child, output: () => text, closed };
}

describe("startDocsServer", () => {
  it("listens on 127.0.0.1 and serves files with their content types", async () => {
    expect(docs.url).toBe(`http://127.0.0.1:${docs.port}/`);
    const index = await fetch(docs.url);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html;charset=utf-8");
    expect(await index.text()).toBe("<h1>index</h1>");
    const yaml = await fetch(`${docs.url}api/openapi.yaml`);
    expect(yaml.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(await (await fetch(`${docs.url}api/`)).text()).toBe("<h1>api</h1>");
  });

  it("redirects a folder to its slash form and refuses dot files, escapes and other methods", async () => {
    const folder = await fetch(`${docs.url}api`, { redirect: "manual" });
    expect(folder.status).toBe(301);
    expect(folder.headers.get("location")).toBe("/api/");
    expect((await fetch(`${docs.url}missing.html`)).status).toBe(404);
    expect((await fetch(`${docs.url}.env`)).status).toBe(404);
    expect((await fetch(`${docs.url}.git/config`)).status).toBe(404);
    expect((await fetch(`${docs.url}%2eenv`)).status).toBe(404);
    expect((await fetch(`${docs.url}api/%2e%2e/.env`)).status).toBe(404);
    expect((await fetch(`${docs.url}%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(docs.url, { method: "POST" })).status).toBe(405);
  });

  it("answers HEAD with the headers only", async () => {
    const head = await fetch(`${docs.url}api/openapi.yaml`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("openapi: 3.1.0\n".length));
    expect(await head.text()).toBe("");
  });

  it("serves the files of a site rebuilt while it runs, not those it found at start", async () => {
    await writeFile(join(root, "api", "openapi.yaml"), "openapi: 3.1.1\ninfo: {}\n");
    await writeFile(join(root, "api", "openapi.json"), "{}");
    expect(await (await fetch(`${docs.url}api/openapi.yaml`)).text()).toBe("openapi: 3.1.1\ninfo: {}\n");
    expect((await fetch(`${docs.url}api/openapi.json`)).status).toBe(200);
    await writeFile(join(root, "api", "openapi.yaml"), "openapi: 3.1.0\n");
  });

  it("rejects with a clear message when the port is taken", async () => {
    await expect(startDocsServer({ port: docs.port, root })).rejects.toThrow(
      `Port ${docs.port} on 127.0.0.1 is already in use: stop whatever holds it, or set DOCS_PORT.`,
    );
  });
});

describe("pnpm docs:serve (node dist/cli.js serve)", () => {
  beforeAll(requireBuiltSite);

  it("prints its URL, serves site/ and stops cleanly on Ctrl-C (SIGINT, even twice)", async () => {
    const { child, output, closed } = await startCli({ DOCS_PORT: "0" });
    const url = /API docs at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output())?.[1];
    expect(url, output()).toBeDefined();
    expect((await fetch(`${url}upmobile/openapi.json`)).status).toBe(200);
    // Twice, as under `pnpm run`: the terminal signals the process group and pnpm forwards the signal too.
    child.kill("SIGINT");
    child.kill("SIGINT");
    expect(await closed).toEqual([0, null]);
    expect(output()).toContain("Stopping the docs server.");
  });

  it("exits with a clear message when DOCS_PORT is in use", async () => {
    const { output, closed } = await startCli({ DOCS_PORT: String(docs.port) });
    expect(await closed).toEqual([1, null]);
    expect(output()).toContain(`Port ${docs.port} on 127.0.0.1 is already in use`);
  });
});

describe("startDocsServer({ liveReload })", () => {
  it("adds the reload script to pages only, and tells open pages to reload", async () => {
    const live = await startDocsServer({ port: 0, root, liveReload: true });
    try {
      const page = await (await fetch(`${live.url}api/`)).text();
      expect(page).toBe(
        `<h1>api</h1><script>new EventSource("/__docs-reload").onmessage = () => location.reload();</script>`,
      );
      expect(await (await fetch(`${live.url}api/openapi.yaml`)).text()).toBe("openapi: 3.1.0\n");
      expect(await (await fetch(docs.url)).text()).toBe("<h1>index</h1>");

      const events = await fetch(`${live.url}__docs-reload`);
      expect(events.headers.get("content-type")).toBe("text/event-stream");
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let seen = decoder.decode((await reader.read()).value);
      live.reload();
      while (!seen.includes("data: reload")) seen += decoder.decode((await reader.read()).value);
      expect(seen).toContain("data: reload\n\n");
      await reader.cancel();
    } finally {
      await live.close();
    }
  });
});
