/**
 * The client benchmark's server, in a worker thread so its work is not timed as the client's: a test-server answering
 * every request with `workerData.body` that, given `keepAliveMs`, keeps idle connections that long as production does.
 */

import { parentPort, workerData } from "node:worker_threads";
import { startScriptedServer } from "@contracts/test-server";

const { body, keepAliveMs } = workerData as { body: unknown; keepAliveMs: number | null };

const server = await startScriptedServer(() => ({ status: 200, body }), keepAliveMs === null ? {} : { keepAliveMs });
parentPort?.postMessage({ url: server.url });
parentPort?.on("message", (message) => {
  if (message !== "close") return;
  void server.close().finally(() => parentPort?.close());
});
