import { resolve } from "node:path";
import type { HarEntry } from "@contracts/runtime";
import { createHarFileSink } from "@contracts/runtime/har-file";
import { createHarEntryRedactor } from "@contracts/runtime/internal";
import type { Finding } from "../findings.js";
import { exploreMode } from "../provider.js";
import { openRegistry } from "../spec.js";
import { invocationDir, reportDirOf } from "../verify/index.js";
import { writeVerifyReport } from "../verify/report.js";
import { createTrafficVerifier, type EntryLocation, httpUrl, VerifyUsageError } from "../verify/verifier.js";
import { startForwardingProxy } from "./forward.js";

export interface VerifyingProxyOptions {
  /** The API served, by its alias in the registry (`upmobile`, `topup`). */
  api: string;
  /** The provider's base URL, as the clients take it. */
  upstream: string;
  port?: number;
  /** Where the redacted HAR goes (numbered files: `traffic.har` → `traffic.0001.har`, …); none by default. */
  harPath?: string;
  /** Findings on assumed parts of the spec are warnings (CONTRACT_EXPLORE=true by default). */
  explore?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called with each finding new to the run, when first seen. */
  onFinding?: (finding: Finding, where: EntryLocation) => void;
}

/** A proxy in front of a provider that records (redacted) and verifies a team's own traffic as it flows. */
export async function startVerifyingProxy(options: VerifyingProxyOptions) {
  const env = options.env ?? process.env;
  const registry = await openRegistry();
  if (!registry.apis.includes(options.api)) {
    throw new VerifyUsageError(`--api ${options.api}: the registry names ${registry.apis.join(", ")}.`);
  }
  const upstream = httpUrl(options.upstream);
  if (!upstream) {
    const what = URL.canParse(options.upstream) ? "an http(s) URL" : "the provider's base URL";
    throw new VerifyUsageError(`--upstream must be ${what}, got ${JSON.stringify(options.upstream)}.`);
  }
  const spec = registry.spec(options.api);
  const verifier = await createTrafficVerifier({
    baseUrls: { [options.api]: options.upstream },
    // Only this API's traffic passes here: no other API is verified, whatever the environment names.
    env: {},
    explore: options.explore ?? exploreMode(env),
  });
  const redact = createHarEntryRedactor();
  const sink = options.harPath ? createHarFileSink({ path: resolve(invocationDir(env), options.harPath) }) : undefined;
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const startedAt = new Date().toISOString();
  let index = 0;
  // Exchanges are checked one after the other, in the order their answers ended.
  let pending = Promise.resolve();

  const onExchange = (raw: HarEntry) => {
    const where: EntryLocation = { file: "proxy", index: index++ };
    const path = new URL(raw.request.url).pathname.slice(basePath.length) || "/";
    const operationId = spec.matchOperation(raw.request.method, path)?.operationId;
    const entry = redact(raw, operationId ? spec.operations[operationId] : undefined);
    // Written at once, so the sink's bound on queued bytes holds (an entry over it is refused, and reported).
    const refused = sink?.write(entry).then(
      () => undefined,
      (error: Error) => error,
    );
    pending = pending
      .then(async () => {
        const error = await refused;
        if (error) return verifier.unreadable(where, `it could not be recorded: ${error.message}`);
        for (const finding of await verifier.verifyEntry(entry, where)) options.onFinding?.(finding, where);
      })
      .catch((error: Error) => verifier.unreadable(where, `it could not be checked: ${error.message}`));
  };

  const forward = await startForwardingProxy({ upstream: options.upstream, onExchange, port: options.port });
  return {
    /** Where the app sends its requests instead of the provider's base URL. */
    url: forward.url,
    /** Stops serving, finishes the checks and the HAR, and writes the report. */
    async stop(reportDir = reportDirOf(env, "proxy", options.api)) {
      await forward.close();
      await pending;
      await sink?.close();
      const report = verifier.report({
        sources: [`proxy ${forward.url} → ${options.upstream}`],
        startedAt,
        finishedAt: new Date().toISOString(),
      });
      return { report, paths: writeVerifyReport(report, reportDir), harFiles: sink?.files() ?? [] };
    },
  };
}
