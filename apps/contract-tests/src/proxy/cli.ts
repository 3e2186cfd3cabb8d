#!/usr/bin/env node
import { formatFinding } from "../findings.js";
import { runWhenEntry } from "../run-cli.js";
import { verifySummaryLines } from "../verify/report.js";
import { VerifyUsageError } from "../verify/verifier.js";
import { startVerifyingProxy, type VerifyingProxyOptions } from "./index.js";

const USAGE = `Usage: pnpm contract:proxy --api <alias> --upstream <url> [--port <n>] [--har <file>] [--explore]

Serves the API at its root (point the app's base URL at the address printed) and forwards every request to the
provider at <url> unchanged, streamed, never retried. Each exchange is recorded redacted (as the clients' recorder
does) and checked against the spec as it goes: each new finding is printed once, when first seen. Ctrl-C or
SIGTERM stops it and writes the report (reports/proxy/<alias>/, or CONTRACT_REPORT_DIR) and the HAR (--har).
Exit code: 0 passed, 1 failed (an error finding, or no traffic verified), 2 bad usage.`;

/** The command line read into the proxy's options; a usage error for anything else. */
export function parseArgs(argv: readonly string[]): (VerifyingProxyOptions & { help?: false }) | { help: true } {
  const values: Record<string, string> = {};
  let explore: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--explore") {
      explore = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!["--api", "--upstream", "--port", "--har"].includes(flag))
      throw new VerifyUsageError(`Unknown argument ${arg}.`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") throw new VerifyUsageError(`${flag} needs a value.`);
    values[flag.slice(2)] = value;
  }
  if (!values.api) throw new VerifyUsageError("--api names the API to serve (upmobile, topup, …).");
  if (!values.upstream) throw new VerifyUsageError("--upstream names the provider's base URL.");
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65_536)) {
    throw new VerifyUsageError(`--port must be a port number, got ${JSON.stringify(values.port)}.`);
  }
  return { api: values.api, upstream: values.upstream, port, harPath: values.har, explore };
}

/** Runs the proxy until SIGINT or SIGTERM; resolves with the exit code (0 passed, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const proxy = await startVerifyingProxy({
      ...args,
      onFinding: (finding, where) => console.log(`exchange ${where.index}: ${formatFinding(finding)}\n`),
    });
    console.log(`Verifying proxy for ${args.api}: ${proxy.url} → ${args.upstream}`);
    console.log(`Point the app's ${args.api} base URL at ${proxy.url}; Ctrl-C writes the report.`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    console.log(`\n${signal}: finishing the checks and writing the report…`);
    const { report, paths, harFiles } = await proxy.stop();
    for (const file of harFiles) console.log(`HAR:    ${file}`);
    console.log(verifySummaryLines(report, paths).join("\n"));
    return report.verdict === "passed" ? 0 : 1;
  } catch (error) {
    if (!(error instanceof VerifyUsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
}

runWhenEntry(import.meta.url, () => main());
