/**
 * The client benchmark's server, in a worker thread so its work is not timed as the client's: a
 * `@contracts/test-server` server on 127.0.0.1 answering every request with `workerData.body`. Posts `{ url }` once
 * listening; closes when sent "close". With `workerData.keepAliveMs` it keeps idle connections that long, as a
 * production server does, instead of the test server's 1 ms; `startScriptedServer` does not expose its server, so
 * this worker wraps `http.createServer` to reach it.
 */
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const { body, keepAliveMs } = workerData as { body: unknown; keepAliveMs: number | null };

const servers: http.Server[] = [];
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof createServer>) => {
  const server = createServer(...args);
  servers.push(server);
  return server;
}) as typeof createServer;
syncBuiltinESMExports();

const { startScriptedServer } = await import("@contracts/test-server");
const server = await startScriptedServer(() => ({ status: 200, body }));
if (keepAliveMs !== null) {
  for (const s of servers) s.keepAliveTimeout = keepAliveMs;
}
parentPort?.postMessage({ url: server.url, servers: servers.length });
parentPort?.on("message", (message) => {
  if (message !== "close") return;
  void server.close().finally(() => parentPort?.close());
});
