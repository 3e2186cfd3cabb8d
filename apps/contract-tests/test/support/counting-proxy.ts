import type { OperationTable } from "@contracts/runtime/internal";
import { operationTable as topupTable } from "@contracts/topup/spec";
import { operationTable as upmobileTable } from "@contracts/upmobile/spec";
import { startDriftProxy } from "./drift-proxy.js";

// The generated tables themselves, not the suite's own operationFor: a mistake in the suite cannot hide here.
const TABLES: Readonly<Record<string, OperationTable>> = { upmobile: upmobileTable, topup: topupTable };

/** Every operation that moves money (`movesMoney`, from `x-moves-money`), as `api OperationId`. */
export const MONEY_MOVING = Object.entries(TABLES).flatMap(([api, table]) =>
  Object.values(table).flatMap((op) => (op.movesMoney ? [`${api} ${op.operationId}`] : [])),
);

/** Each API's routes: method and path template as a pattern, to the operation they call. */
const ROUTES = Object.entries(TABLES).map(([api, table]) => ({
  api,
  routes: Object.values(table).map((op) => ({
    method: op.method,
    pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    operationId: op.operationId,
  })),
}));

/**
 * A proxy on 127.0.0.1 in front of `upstream` (the sandbox's origin) that forwards every request untouched and
 * counts them per operation, as `api OperationId` (by method and path template from the operation tables), or as
 * `unknown METHOD path` for a request that calls none. `apis` gives each API's base URL at the upstream.
 */
export async function startCountingProxy(upstream: string, apis: Readonly<Record<string, string>>) {
  const counts: Record<string, number> = {};
  const bases = Object.fromEntries(Object.entries(apis).map(([api, url]) => [api, new URL(url).pathname]));
  const proxy = await startDriftProxy(upstream, {
    request: (request) => {
      const path = request.path.split("?")[0] ?? "";
      let key = `unknown ${request.method} ${path}`;
      for (const { api, routes } of ROUTES) {
        const base = bases[api];
        if (base === undefined || !path.startsWith(`${base}/`)) continue;
        const below = path.slice(base.length);
        const route = routes.find((r) => r.method === request.method && r.pattern.test(below));
        if (route) key = `${api} ${route.operationId}`;
      }
      counts[key] = (counts[key] ?? 0) + 1;
      return undefined;
    },
  });
  return {
    url: proxy.url,
    /** Each API's base URL through the proxy. */
    apis: Object.fromEntries(Object.entries(bases).map(([api, base]) => [api, `${proxy.url}${base}`])),
    /** The requests counted so far, by `api OperationId`. */
    counts: (): Readonly<Record<string, number>> => ({ ...counts }),
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
    close: proxy.close,
  };
}

export type CountingProxy = Awaited<ReturnType<typeof startCountingProxy>>;
