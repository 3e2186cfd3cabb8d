import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { type ClientRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** `pnpm mock` as a user runs it (dist/cli.js), in its own process so its memory can be read from /proc. */
export interface MockProcess {
  pid: number;
  urls: Record<string, string>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the mocks on free ports and resolves once both URLs are printed (bounded: 60 s). */
export async function startMockProcess(): Promise<MockProcess> {
  const child = spawn(process.execPath, ["dist/cli.js"], {
    cwd: appDir,
    env: { ...process.env, UPMOBILE_MOCK_PORT: "0", TOPUP_MOCK_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const urls = await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`pnpm mock exited early:\n${output}`);
    const found = Object.fromEntries(
      [...output.matchAll(/^ {2}(\w+) +(http:\/\/127\.0\.0\.1:\d+)/gm)].map((m) => [m[1], m[2]]),
    );
    return found.upmobile && found.topup ? (found as Record<string, string>) : undefined;
  }, 60_000);
  return { pid: child.pid as number, urls, output: () => output, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `probe` until it returns a value (no fixed sleeps), failing after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Resident memory of a process, in bytes, from /proc/<pid>/status. */
export function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

/** The Prism children of the mock process, by API alias (each serves `<alias>.json`). */
export function prismPids(pid: number): Record<string, number> {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
  );
  const byAlias: Record<string, number> = {};
  for (const child of children) {
    try {
      const alias = /\/(\w+)\.json\0/.exec(readFileSync(`/proc/${child}/cmdline`, "utf8"))?.[1];
      if (alias) byAlias[alias] = child;
    } catch {
      // a child that exited between the two reads is simply not listed.
    }
  }
  return byAlias;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json(): unknown;
  /** Whether the front sent `100 Continue` before answering. */
  continued: boolean;
}

/**
 * One request with node:http. A `body` generator is streamed with back-pressure and stops as soon as the answer
 * arrives (as curl does), so a 300 MB body is generated, never allocated.
 */
export function send(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer | (() => Iterable<Buffer>);
    /** Wait for `100 Continue` before sending the body. */
    expectContinue?: boolean;
  },
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answered = false;
    let continued = false;
    const headers = { ...options.headers, ...(options.expectContinue ? { expect: "100-continue" } : {}) };
    const req = request({ hostname, port, method: options.method ?? "GET", path: options.path, headers, agent: false });
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text), continued });
        req.destroy();
      });
    });
    // once answered, a reset while the rest of a refused body is still going out is expected.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const writeBody = async () => {
      const { body } = options;
      if (typeof body === "function") {
        for (const chunk of body()) {
          if (answered || req.destroyed) return;
          if (!req.write(chunk)) await drained(req);
        }
        req.end();
      } else req.end(body);
    };
    // a failed write also fails the request, which the "error" listener above handles.
    const start = () => writeBody().catch(() => {});
    if (options.expectContinue) {
      req.on("continue", () => {
        continued = true;
        start();
      });
      req.flushHeaders();
    } else start();
  });
}

/** Resolves when a request can take more data, or is gone. */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off("drain", done).off("close", done);
      resolve();
    };
    req.on("drain", done).on("close", done);
  });
}

/** `bytes` bytes of a repeated 64 KiB chunk. */
export function* generated(bytes: number): Iterable<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}

/** Bytes exactly as given over a plain TCP socket, and whatever comes back until the server closes. */
export async function sendRaw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.on("error", () => {});
  socket.end(bytes);
  await Promise.race([once(socket, "close"), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  socket.destroy();
  return Buffer.concat(chunks).toString("utf8");
}

export interface CurlAnswer {
  status: number;
  text: string;
  /** curl's -v trace: the request headers it sent (`> `) and the responses it read (`< `). */
  trace: string;
}

/** Runs /usr/bin/curl with `args` (plus -sv), as a user would. */
export function curl(args: string[]): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    execFile(
      "/usr/bin/curl",
      ["-sv", "--max-time", "60", "-w", "\n%{http_code}", ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && !stdout) return reject(new Error(`curl failed: ${stderr}`));
        const cut = stdout.lastIndexOf("\n");
        resolve({ status: Number(stdout.slice(cut + 1)), text: stdout.slice(0, cut), trace: stderr });
      },
    );
  });
}

/** A stand-in PDF of exactly `bytes` bytes, deterministic (no two equal bytes in a row, so no `--` in it). */
export function pdfOf(bytes: number): Buffer {
  const head = Buffer.from("%PDF-1.4\n");
  const tail = Buffer.from("\n%%EOF\n");
  const pdf = Buffer.alloc(bytes);
  head.copy(pdf, 0);
  for (let i = head.length; i < bytes - tail.length; i++) pdf[i] = (i * 31) % 251;
  tail.copy(pdf, bytes - tail.length);
  return pdf;
}
