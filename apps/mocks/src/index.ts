import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMockedApis } from "./apis.js";
import { createFront } from "./front.js";
import { startPrism } from "./prism.js";

export { exampleBody } from "./front.js";

export interface RunningMock {
  alias: string;
  /** Where clients send requests: the front, which enforces the token and forwards to Prism. */
  url: string;
  /** The token the mock accepts (sent as `Authorization: Bearer <token>`). */
  token: string;
}

export interface StartMocksOptions {
  /** Ports per API alias; 0 picks a free one (tests). Defaults: 4010 Upmobile, 4011 Topup, or *_MOCK_PORT. */
  ports?: Record<string, number>;
  /** Prism's dynamic mode: responses generated from the schemas instead of the spec's examples. */
  dynamic?: boolean;
}

export interface Mocks {
  mocks: RunningMock[];
  stop(): Promise<void>;
}

/** Starts Prism for every API in redocly.yaml, each behind its front on 127.0.0.1; `stop()` ends them all. */
export async function startMocks(options: StartMocksOptions = {}): Promise<Mocks> {
  const apis = await loadMockedApis();
  const dir = await mkdtemp(join(tmpdir(), "contract-mocks-"));
  const stoppers: Array<() => Promise<void>> = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
  };
  try {
    const mocks: RunningMock[] = [];
    for (const api of apis) {
      const port = options.ports?.[api.alias] ?? Number(process.env[api.portEnv] ?? api.defaultPort);
      const front = await listen(createFrontFor(api), port, api.portEnv);
      stoppers.push(() => close(front.server));
      const specFile = join(dir, `${api.alias}.json`);
      await writeFile(specFile, JSON.stringify(api.document));
      const prism = await startPrism(specFile, await freePort(), { dynamic: options.dynamic });
      stoppers.push(prism.stop);
      front.setUpstream(prism.url);
      mocks.push({ alias: api.alias, url: front.url, token: api.token });
    }
    return { mocks, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function createFrontFor(api: Parameters<typeof createFront>[0]) {
  let upstream = "";
  const server = createFront(api, () => upstream);
  return {
    server,
    setUpstream: (url: string) => {
      upstream = url;
    },
  };
}

async function listen(front: ReturnType<typeof createFrontFor>, port: number, portEnv: string) {
  await new Promise<void>((resolve, reject) => {
    front.server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use. Stop what holds it, or choose another port with ${portEnv}=<port>.`,
            )
          : error,
      );
    });
    front.server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = front.server.address() as AddressInfo;
  return { ...front, url: `http://127.0.0.1:${bound}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port the OS says is free right now (Prism takes a number, not port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
