import { once } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { createApp } from "./app.js";
import { openStore, type Store } from "./db/store.js";
import { awaitingContinue } from "./http/body.js";
import { SEED_TOKENS, TOPUP_APP, TOPUP_USERS, type TopupUser } from "./seed.js";
import { databaseProofs, directoryProofs, type ProofStore, temporaryProofs } from "./topup/proofs.js";
import { Ledger } from "./upmobile/ledger.js";

export interface SandboxOptions {
  /** Default `SANDBOX_PORT` or 4020; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A PostgreSQL URL: state (and proofs, without `dataDir`) shared by every sandbox started with it. */
  database?: string;
  /** Without `database`: keep state in `dataDir/sandbox.db` (SQLite) and proofs in `dataDir/proofs`; else in memory. */
  dataDir?: string;
  /** The sandbox clock: milliseconds between two steps of an operation's lifecycle (default 1500, at least 1). */
  operationStepMs?: number;
  /** Check every response against the spec (default: on unless NODE_ENV=production). */
  validateResponses?: boolean;
}

/** Paymob OAuth credentials for the password grant at `/topup/o/token/`. */
export interface TopupCredentials {
  client_id: string;
  client_secret: string;
  username: string;
  password: string;
}

export interface Sandbox {
  /** The origin, e.g. `http://127.0.0.1:4020`. */
  url: string;
  /** Upmobile's base URL and the default customer's token. */
  upmobile: { url: string; token: string };
  /** Paymob's base URL and a bearer token of the normal client. */
  topup: { url: string; token: string };
  /** The normal client's OAuth credentials. */
  topupCredentials: TopupCredentials;
  /** The trust user's OAuth credentials (bank transfers may be approved automatically). */
  topupTrustedCredentials: TopupCredentials;
  /** Every seeded token. */
  tokens: Record<keyof typeof SEED_TOKENS, string>;
  /** Where the state lives, for people: `memory`, `SQLite <file>` or `PostgreSQL <url without password>`. */
  storage: string;
  stop(): Promise<void>;
}

/** The longest a request may take, body included: a stalled upload does not hold its connection for long. */
const REQUEST_TIMEOUT_MS = 60_000;

const credentials = ({ username, password }: TopupUser): TopupCredentials => ({ ...TOPUP_APP, username, password });

/** Starts the stateful sandbox for both APIs and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const {
    port = Number(process.env.SANDBOX_PORT ?? 4020),
    host = "127.0.0.1",
    database,
    dataDir,
    operationStepMs = 1500,
    validateResponses = process.env.NODE_ENV !== "production",
  } = options;
  if (!Number.isInteger(operationStepMs) || operationStepMs < 1) {
    throw new RangeError(
      `operationStepMs must be a whole number of milliseconds, at least 1 (got ${operationStepMs}).`,
    );
  }
  const store = await openStore({ database, dataDir });
  const proofs = proofStoreFor(store, dataDir);
  const ledger = new Ledger(store, operationStepMs);
  const app = createApp(store, ledger, proofs, validateResponses);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  // Node leaves `Expect: 100-continue` to this listener: a route answers it once it has checked the headers.
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    awaitingContinue.add(request);
    server.emit("request", request, response);
  });
  // the store first, so no transaction can still be writing a proof when its folder goes.
  const release = async () => {
    await store.close();
    proofs.close();
  };
  try {
    await once(server.listen(port, host), "listening");
  } catch (error) {
    await release();
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    const message =
      `Port ${port} on ${host} is already in use. Stop whatever holds it, or choose another port: ` +
      `SANDBOX_PORT=${port + 1} pnpm sandbox`;
    throw Object.assign(new Error(message, { cause: error }), { code: "EADDRINUSE" });
  }
  const sweeper = startSweeper(ledger, operationStepMs);
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    upmobile: { url: `${url}/upmobile`, token: SEED_TOKENS.upmobile },
    topup: { url: `${url}/topup`, token: SEED_TOKENS.topup },
    topupCredentials: credentials(TOPUP_USERS[0]),
    topupTrustedCredentials: credentials(TOPUP_USERS[1]),
    tokens: { ...SEED_TOKENS },
    storage: store.description,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([closed, sweeper.stop()]);
        await release();
      })();
      return stopped;
    },
  };
}

/** Proofs in the data directory; else in PostgreSQL, or in a temporary folder in memory mode. */
function proofStoreFor(store: Store, dataDir: string | undefined): ProofStore {
  if (dataDir !== undefined) return directoryProofs(join(dataDir, "proofs"));
  return store.dialect === "postgres" ? databaseProofs() : temporaryProofs();
}

/** Books due holds every step, so stored balances converge unread (every read settles first; each hold moves once). */
function startSweeper(ledger: Ledger, everyMs: number) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= ledger
      .settleDue()
      .catch((error) => console.error("The sandbox could not settle due operations; it will try again.", error))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
