import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createApp } from "./app.js";
import { type TokenIssued, TokenIssuer } from "./paymob/oauth.js";
import { type TopupCreated, TopupDesk } from "./paymob/topups.js";
import { PAYMOB_APP, PAYMOB_TOKENS, PAYMOB_USERS, UPMOBILE_TOKENS } from "./seed.js";
import { openEventLog, openFileStore } from "./store.js";
import { Ledger, type LedgerEvent } from "./upmobile/ledger.js";

export interface SandboxOptions {
  /** Default `SANDBOX_PORT` or 4020; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep state here across restarts (an event log and the uploaded proofs); in memory when absent. */
  dataDir?: string;
  /** The sandbox clock: milliseconds between two steps of an operation's lifecycle (default 1500). */
  operationStepMs?: number;
  /** Check every response against the spec (default: on unless NODE_ENV=production). */
  validateResponses?: boolean;
}

/** Paymob OAuth credentials for the password grant at `/paymob/o/token/`. */
export interface PaymobCredentials {
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
  topupCredentials: PaymobCredentials;
  /** The trust user's OAuth credentials (bank transfers may be approved automatically). */
  topupTrustedCredentials: PaymobCredentials;
  /** Every seeded token. */
  tokens: {
    upmobile: string;
    upmobileOwnerView: string;
    upmobileOtherCustomer: string;
    topup: string;
    topupTrusted: string;
  };
  stop(): Promise<void>;
}

/** Everything the event log holds. */
export type SandboxEvent = LedgerEvent | TopupCreated | TokenIssued;

const credentials = (index: number): PaymobCredentials => {
  const user = PAYMOB_USERS[index];
  if (!user) throw new Error(`No seeded Paymob user ${index}.`);
  return { ...PAYMOB_APP, username: user.username, password: user.password };
};

/** Starts the stateful sandbox for both APIs and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const {
    port = Number(process.env.SANDBOX_PORT ?? 4020),
    host = "127.0.0.1",
    dataDir,
    operationStepMs = 1500,
    validateResponses = process.env.NODE_ENV !== "production",
  } = options;
  const log = openEventLog<SandboxEvent>(dataDir);
  const append = (event: SandboxEvent) => log.append(event);
  const ledger = new Ledger(append, operationStepMs);
  const issuer = new TokenIssuer(append);
  const desk = new TopupDesk(append, openFileStore(dataDir, "proofs"));
  for (const event of log.history) {
    if (event.type === "topup.created") desk.apply(event);
    else if (event.type === "token.issued") issuer.apply(event);
    else ledger.apply(event);
  }
  ledger.resume();

  const app = createApp({ ledger, desk, issuer, validateResponses });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  try {
    await listen(server, port, host);
  } catch (error) {
    ledger.stop();
    log.close();
    throw error;
  }
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    upmobile: { url: `${url}/upmobile`, token: UPMOBILE_TOKENS.default },
    topup: { url: `${url}/paymob`, token: PAYMOB_TOKENS.client },
    topupCredentials: credentials(0),
    topupTrustedCredentials: credentials(1),
    tokens: {
      upmobile: UPMOBILE_TOKENS.default,
      upmobileOwnerView: UPMOBILE_TOKENS.ownerView,
      upmobileOtherCustomer: UPMOBILE_TOKENS.otherCustomer,
      topup: PAYMOB_TOKENS.client,
      topupTrusted: PAYMOB_TOKENS.trusted,
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        ledger.stop();
        server.close(() => {
          log.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        const message =
          `Port ${port} on ${host} is already in use. Stop whatever holds it, or choose another port: ` +
          `SANDBOX_PORT=${port + 1} pnpm sandbox`;
        reject(Object.assign(new Error(message, { cause: error }), { code: error.code }));
      } else reject(error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
