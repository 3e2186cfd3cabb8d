/**
 * The client benchmark's server, in a worker thread so its work is not timed as the client's: a test-server answering
 * every request with `workerData.body` that, given `keepAliveMs`, keeps idle connections that long as production does
 * (not its 1 ms); `startScriptedServer` does not expose its server, hence the wrapped `http.createServer`.
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
