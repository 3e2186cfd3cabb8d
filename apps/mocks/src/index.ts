import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMockedApis } from "./apis.js";
import { createFront } from "./front.js";
import { supervisePrism } from "./prism.js";

export interface RunningMock {
  alias: string;
  /** Where clients send requests: the front, which enforces the token and forwards to Prism. */
  url: string;
  /** The token the mock accepts (sent as `Authorization: Bearer <token>`). */
  token: string;
}

export interface StartMocksOptions {
  /** The repository whose registry (`redocly.yaml`) names the APIs to mock; this one by default. */
  root?: string;
  /**
   * Ports per API alias; 0 picks a free one. Defaults: 4010 for the registry's first API, 4011 for the next, …, or
   * `<API>_MOCK_PORT`.
   */
  ports?: Record<string, number>;
  /** Every API on a free port (tests), unless `ports` names one. */
  anyPorts?: boolean;
  /** Prism's dynamic mode: responses generated from the schemas instead of the spec's examples. */
  dynamic?: boolean;
  /** Where to report that a Prism exited and was restarted; defaults to stderr. */
  log?: (message: string) => void;
}

export interface Mocks {
  mocks: RunningMock[];
  stop(): Promise<void>;
}

/** Starts Prism for every API of the registry, each supervised and behind its front on 127.0.0.1. */
export async function startMocks(options: StartMocksOptions = {}): Promise<Mocks> {
  const log = options.log ?? ((message: string) => console.error(message));
  const apis = await loadMockedApis(options.root);
  const dir = await mkdtemp(join(tmpdir(), "contract-mocks-"));
  const stoppers: Array<() => Promise<void>> = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
  };
  try {
    const mocks: RunningMock[] = [];
    for (const api of apis) {
      const port =
        options.ports?.[api.alias] ?? (options.anyPorts ? 0 : Number(process.env[api.portEnv] ?? api.defaultPort));
      let upstream: () => string | undefined = () => undefined;
      const server = createFront(api, () => upstream());
      const url = await listen(server, port, api.portEnv);
      stoppers.push(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      });
      const specFile = join(dir, `${api.alias}.json`);
      await writeFile(specFile, JSON.stringify(api.prismDocument));
      const prism = await supervisePrism({ name: api.alias, specFile, dynamic: options.dynamic, log });
      stoppers.push(prism.stop);
      upstream = prism.url;
      mocks.push({ alias: api.alias, url, token: api.token });
    }
    return { mocks, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function listen(server: Server, port: number, portEnv: string): Promise<string> {
  server.listen(port, "127.0.0.1");
  try {
    await once(server, "listening");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new Error(
      `Port ${port} is already in use. Stop what holds it, or choose another port with ${portEnv}=<port>.`,
    );
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
