import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Store } from "./db/store.js";
import { TokenIssuer } from "./topup/oauth.js";
import type { ProofStore } from "./topup/proofs.js";
import { topupFallback, topupRoutes } from "./topup/routes.js";
import { TopupDesk } from "./topup/topups.js";
import type { Ledger } from "./upmobile/ledger.js";
import { upmobileFallback, upmobileRoutes } from "./upmobile/routes.js";

/** Both APIs on one Hono app: Upmobile under `/upmobile`, Topup under `/topup`, CORS open for browser demos. */
export function createApp(store: Store, ledger: Ledger, proofs: ProofStore, validateResponses: boolean): Hono {
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
  app.route("/topup", topupRoutes(new TopupDesk(store, proofs), new TokenIssuer(store), proofs, validateResponses));
  app.get("/", (c) => {
    const origin = new URL(c.req.url).origin;
    return c.json({ upmobile: `${origin}/upmobile`, topup: `${origin}/topup` });
  });

  const isTopup = (path: string) => path === "/topup" || path.startsWith("/topup/");
  app.notFound((c) => (isTopup(c.req.path) ? topupFallback(c, 404) : upmobileFallback(c, 404)));
  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return isTopup(c.req.path) ? topupFallback(c, 500) : upmobileFallback(c, 500);
  });
  return app;
}
