/**
 * The client benchmark's server, in a worker thread so that its work does not share the measuring thread: a
 * `@contracts/test-server` scripted server on 127.0.0.1 that answers every request with the same JSON body.
 * Posts `{ url }` once listening; closes when sent "close".
 *
 * `workerData.keepAliveMs`: the test server closes an idle connection after 1 ms (so that tests can close it at
 * once), which makes every sequential call open a new TCP connection. With a value here the server keeps idle
 * connections that long instead, as a production server does. The server is not exposed by `startScriptedServer`,
 * so `node:http`'s `createServer` is wrapped (for this worker only) to get hold of it.
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
