import { Hono } from "hono";
import { cors } from "hono/cors";
import type { TokenIssuer } from "./paymob/oauth.js";
import type { ProofStore } from "./paymob/proofs.js";
import { paymobFallback, paymobRoutes } from "./paymob/routes.js";
import type { TopupDesk } from "./paymob/topups.js";
import type { Ledger } from "./upmobile/ledger.js";
import { upmobileFallback, upmobileRoutes } from "./upmobile/routes.js";

export interface AppParts {
  ledger: Ledger;
  desk: TopupDesk;
  issuer: TokenIssuer;
  proofs: ProofStore;
  /** Check every response against the spec and turn a mismatch into a 500 (a sandbox bug). */
  validateResponses: boolean;
}

/** Both APIs on one Hono app: Upmobile under `/upmobile`, Paymob under `/paymob`, CORS open for browser demos. */
export function createApp({ ledger, desk, issuer, proofs, validateResponses }: AppParts): Hono {
  const app = new Hono();
  app.use(
    "*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type"],
      maxAge: 600,
    }),
  );
  app.route("/upmobile", upmobileRoutes(ledger, validateResponses));
  app.route("/paymob", paymobRoutes(desk, issuer, proofs, validateResponses));
  app.get("/", (c) => {
    const origin = new URL(c.req.url).origin;
    return c.json({ upmobile: `${origin}/upmobile`, paymob: `${origin}/paymob` });
  });

  const isPaymob = (path: string) => path === "/paymob" || path.startsWith("/paymob/");
  app.notFound((c) => (isPaymob(c.req.path) ? paymobFallback(c, 404) : upmobileFallback(c, 404)));
  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return isPaymob(c.req.path) ? paymobFallback(c, 500) : upmobileFallback(c, 500);
  });
  return app;
}
