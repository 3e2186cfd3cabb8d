#!/usr/bin/env node
import { formatFinding } from "../findings.js";
import { runWhenEntry } from "../run-cli.js";
import { VerifyUsageError, verifyHar } from "./index.js";
import { verifySummaryLines } from "./report.js";

const USAGE = `Usage: pnpm contract:verify [--base-url <api>=<url>]… [--explore] <file.har | folder>…

Checks recorded traffic (HAR from the clients' recorder, a browser, Playwright, mitmproxy, Charles, Proxyman)
against the specs. Each API's base URL comes from <API>_BASE_URL (UPMOBILE_BASE_URL, TOPUP_BASE_URL) or --base-url.
CONTRACT_EXPLORE=true (or --explore) makes findings on assumed parts warnings; CONTRACT_REPORT_DIR moves the report.
Exit code: 0 passed, 1 failed (an error finding, an unreadable entry, or nothing verified), 2 bad usage.`;

/** The command line read: paths, base URLs and the mode; a usage error for anything else. */
export function parseArgs(argv: readonly string[]) {
  const paths: string[] = [];
  const baseUrls: Record<string, string> = {};
  let explore: true | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--explore") explore = true;
    else if (arg === "--base-url" || arg.startsWith("--base-url=")) {
      const value = arg === "--base-url" ? argv[++i] : arg.slice("--base-url=".length);
      const at = value?.indexOf("=") ?? -1;
      if (!value || at < 1)
        throw new VerifyUsageError(`--base-url takes <api>=<url>, got ${JSON.stringify(value ?? "")}.`);
      baseUrls[value.slice(0, at)] = value.slice(at + 1);
    } else if (arg.startsWith("-") && arg !== "-") throw new VerifyUsageError(`Unknown option ${arg}.`);
    else paths.push(arg);
  }
  return { paths, baseUrls, explore, help };
}

/** Runs the command; returns its exit code (0 passed, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const { report, paths } = await verifyHar(args.paths, {
      baseUrls: args.baseUrls,
      explore: args.explore,
      onFinding: (finding, where) =>
        console.log(`${where.file} log.entries[${where.index}]: ${formatFinding(finding)}\n`),
    });
    if (!paths) return 1;
    console.log(verifySummaryLines(report, paths).join("\n"));
    return report.verdict === "passed" ? 0 : 1;
  } catch (error) {
    if (error instanceof VerifyUsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

runWhenEntry(import.meta.url, () => main());
