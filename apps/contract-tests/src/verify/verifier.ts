import { apiEnvName } from "@contracts/codegen/registry";
import type { HarEntry, HarParam } from "@contracts/runtime";
import { createHarEntryRedactor } from "@contracts/runtime/internal";
import { type CheckContext, type CheckedExchange, conformance, requestConformance } from "../checks.js";
import { parseJson } from "../exchange.js";
import { createFindingGroups, type Finding } from "../findings.js";
import { exploreMode } from "../provider.js";
import { type ApiName, documentedStatus, openRegistry, type Registry, type SpecContext } from "../spec.js";
import { createStrictReader } from "../strict-reader.js";
import { EntryShapeError, type RecordedCall, readCall, summarize } from "./entry.js";
import { DEFAULT_READ_LIMITS, type HarReadLimits } from "./har-reader.js";
import { buildVerifyReport, type VerifyReport, type VerifyRun } from "./report.js";

/** Where an entry came from: a HAR file (as the user named it) and its index in `log.entries`. */
export interface EntryLocation {
  file: string;
  /** The index in `log.entries`; null for a problem of the whole file. */
  index: number | null;
}

/** Thrown for a call the verifier cannot serve (an unknown API, a base URL that is not a URL): exit code 2. */
export class VerifyUsageError extends Error {
  override name = "VerifyUsageError";
}

export interface TrafficVerifierOptions {
  /** The repository whose registry (`redocly.yaml`) names the APIs; this repository by default. */
  root?: string;
  /** Each API's base URL; every API left out is read from `<ALIAS>_BASE_URL` in `env`. */
  baseUrls?: Record<ApiName, string>;
  env?: NodeJS.ProcessEnv;
  /** Findings on assumed parts of the specs are warnings; by default CONTRACT_EXPLORE=true. */
  explore?: boolean;
  limits?: Partial<HarReadLimits>;
}

/** How many distinct rows the report keeps of undocumented endpoints, other hosts and unreadable entries. */
const KEEP_ROWS = 1000;
/** How many entries each finding names (the first that showed it). */
const KEEP_ENTRIES = 5;

/** A count per key that keeps at most {@link KEEP_ROWS} keys, adding the rest up under `omitted`. */
class BoundedCounts {
  readonly counts = new Map<string, number>();
  omitted = 0;
  add(key: string): void {
    const count = this.counts.get(key);
    if (count !== undefined) this.counts.set(key, count + 1);
    else if (this.counts.size < KEEP_ROWS) this.counts.set(key, 1);
    else this.omitted++;
  }
}

/** Each API's base URL: the options', else `<ALIAS>_BASE_URL`; why an API has none. */
export function baseUrlsOf(
  registry: Registry,
  given: Record<ApiName, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): { apis: Record<ApiName, URL>; missing: Record<ApiName, string> } {
  for (const api of Object.keys(given)) {
    if (!registry.apis.includes(api)) {
      throw new VerifyUsageError(`The registry names no API "${api}" (it names ${registry.apis.join(", ")}).`);
    }
  }
  const apis: Record<ApiName, URL> = {};
  const missing: Record<ApiName, string> = {};
  for (const api of registry.apis) {
    const variable = apiEnvName(api, "BASE_URL");
    const text = given[api] ?? env[variable]?.trim();
    if (!text) {
      missing[api] = `${variable} is not set`;
      continue;
    }
    const source = given[api] === undefined ? variable : `the base URL of ${api}`;
    const url = httpUrl(text);
    if (!url) throw new VerifyUsageError(`${source} must be an http(s) URL, got ${JSON.stringify(text)}.`);
    url.pathname = url.pathname.replace(/\/+$/, "");
    apis[api] = url;
  }
  return { apis, missing };
}

/** The incremental core of `contract:verify`, which a proxy also feeds; findings grouped as they come. */
export async function createTrafficVerifier(options: TrafficVerifierOptions = {}) {
  const registry = await openRegistry(options.root);
  const env = options.env ?? process.env;
  const explore = options.explore ?? exploreMode(env);
  const limits: HarReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const { apis, missing } = baseUrlsOf(registry, options.baseUrls, env);
  if (Object.keys(apis).length === 0) {
    const variables = registry.apis.map((api) => apiEnvName(api, "BASE_URL")).join(" and/or ");
    throw new VerifyUsageError(
      `No API has a base URL to match the traffic against: set ${variables}, or pass --base-url <api>=<url>.`,
    );
  }

  const contexts = new Map<ApiName, CheckContext>();
  // A base URL's origin leads to the APIs served there, the longest path prefix first.
  const byOrigin = new Map<string, Array<{ prefix: string; api: ApiName }>>();
  for (const [api, base] of Object.entries(apis)) {
    const spec = memoized(registry.spec(api));
    contexts.set(api, { spec, strict: createStrictReader(spec), explore });
    const list = byOrigin.get(base.origin) ?? [];
    list.push({ prefix: base.pathname, api });
    list.sort((a, b) => b.prefix.length - a.prefix.length);
    byOrigin.set(base.origin, list);
  }

  const redact = createHarEntryRedactor();
  const groups = createFindingGroups({ keepCases: KEEP_ENTRIES });
  const coverage = new Map<string, { api: ApiName; operationId: string; status: string; entries: number }>();
  const undocumented = new BoundedCounts();
  const otherHosts = new BoundedCounts();
  const unreadable: Array<{ file: string; entry: number | null; reason: string }> = [];
  const totals = { entries: 0, verified: 0, noAnswer: 0, bodiesNotRecorded: 0, unreadable: 0, errors: 0, warnings: 0 };

  const route = (url: URL): { api: ApiName; path: string } | null => {
    const candidates = byOrigin.get(url.origin);
    if (!candidates) return null;
    const pathname = url.pathname;
    for (const { prefix, api } of candidates) {
      if (prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        return { api, path: pathname.slice(prefix.length) || "/" };
      }
    }
    return null;
  };

  const recordUnreadable = (where: EntryLocation, reason: string): void => {
    totals.unreadable++;
    if (unreadable.length < KEEP_ROWS) unreadable.push({ file: where.file, entry: where.index, reason });
  };

  const check = async (value: unknown, where: EntryLocation): Promise<Finding[]> => {
    const read = await readCall(value, limits.maxDepth);
    const target = route(read.url);
    if (!target) {
      otherHosts.add(read.url.host);
      return [];
    }
    const ctx = contexts.get(target.api) as CheckContext;
    const match = ctx.spec.matchOperation(read.method, target.path);
    if (!match) {
      undocumented.add(`${target.api} ${read.method.toUpperCase()} ${target.path}`);
      return [];
    }
    // What is checked is what a recorder would have written, so no personal value in clear reaches the report.
    const operation = ctx.spec.operations[match.operationId];
    const call = await readCall(redact(withFormParams(value as HarEntry, read), operation), limits.maxDepth);
    totals.verified++;
    const { operationId } = match;
    const parsed = call.body === null ? undefined : parseJson(call.body);
    let summary: CheckedExchange["request"] | undefined;
    const exchange: CheckedExchange = {
      api: target.api,
      operationId,
      get request() {
        summary ??= summarize(call, target.path);
        return summary;
      },
      status: call.status,
      contentType: call.contentType,
      body: parsed ? parsed.value : (call.body ?? undefined),
      json: parsed !== undefined,
    };
    const findings = requestConformance(ctx, exchange, {
      pathParams: match.pathParams,
      query: call.url.searchParams,
      contentType: call.requestContentType,
      body: call.request,
    });
    if (call.status === 0) totals.noAnswer++;
    else {
      if (call.body === null) totals.bodiesNotRecorded++;
      findings.push(...conformance(ctx, exchange, { bodyRecorded: call.body !== null }));
      const status = documentedStatus(ctx.spec, operationId, call.status) ?? String(call.status);
      const key = `${target.api} ${operationId} ${status}`;
      const row = coverage.get(key);
      if (row) row.entries++;
      else coverage.set(key, { api: target.api, operationId, status, entries: 1 });
    }
    const seenIn = where.index === null ? where.file : `${where.file} #${where.index}`;
    const fresh: Finding[] = [];
    for (const f of findings) {
      if (f.severity === "error") totals.errors++;
      else totals.warnings++;
      if (groups.add(f, seenIn)) fresh.push(f);
    }
    return fresh;
  };

  return {
    /** The APIs verified, with their base URLs, and why the others are not. */
    apis: Object.fromEntries(Object.entries(apis).map(([api, url]) => [api, url.href.replace(/\/$/, "")])),
    missing,
    explore,
    limits,

    /** Checks one parsed entry, returning the findings new to this run; a malformed one is recorded as unreadable. */
    async verifyEntry(entry: unknown, where: EntryLocation): Promise<Finding[]> {
      totals.entries++;
      try {
        return await check(entry, where);
      } catch (error) {
        const reason =
          error instanceof EntryShapeError ? error.message : `it could not be checked: ${(error as Error).message}`;
        recordUnreadable(where, reason);
        return [];
      }
    },

    /** Checks one entry's JSON text, as a HAR file holds it. */
    async verifyEntryText(text: string, where: EntryLocation): Promise<Finding[]> {
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (error) {
        totals.entries++;
        recordUnreadable(where, `it is not valid JSON (${(error as Error).message})`);
        return [];
      }
      return this.verifyEntry(entry, where);
    },

    /** Records an entry (or, with a null index, a file) that could not be read. */
    unreadable(where: EntryLocation, reason: string): void {
      if (where.index !== null) totals.entries++;
      recordUnreadable(where, reason);
    },

    /** The report so far: findings grouped, coverage, undocumented endpoints, other hosts, unreadable entries. */
    report(run: Omit<VerifyRun, "apis" | "missing" | "explore">): VerifyReport {
      return buildVerifyReport({
        run: { ...run, apis: this.apis, missing, explore },
        totals: { ...totals, undocumented: sum(undocumented), otherHosts: sum(otherHosts) },
        findings: groups.list(),
        coverage: [...coverage.values()],
        documented: registry.documentedResponses(),
        undocumented: rows(undocumented).map(([key, entries]) => {
          const [api = "", method = "", ...path] = key.split(" ");
          return { api, method, path: path.join(" "), entries };
        }),
        undocumentedOmitted: undocumented.omitted,
        otherHosts: rows(otherHosts).map(([host, entries]) => ({ host, entries })),
        otherHostsOmitted: otherHosts.omitted,
        unreadable: [...unreadable],
      });
    },
  };
}

export type TrafficVerifier = Awaited<ReturnType<typeof createTrafficVerifier>>;

const sum = (counts: BoundedCounts) => [...counts.counts.values()].reduce((a, b) => a + b, counts.omitted);
const rows = (counts: BoundedCounts) => [...counts.counts.entries()].sort((a, b) => b[1] - a[1]);

/** A URL when the text is an http(s) one, else null. */
export function httpUrl(text: string): URL | null {
  const url = URL.canParse(text) ? new URL(text) : null;
  return url?.protocol === "http:" || url?.protocol === "https:" ? url : null;
}

/** A spec context whose locations and assumptions are looked up once per pointer: a drift seen a million times. */
function memoized(spec: SpecContext): SpecContext {
  const once = <T>(look: (pointer: string) => T) => {
    const found = new Map<string, T>();
    return (pointer: string): T => {
      if (!found.has(pointer)) found.set(pointer, look(pointer));
      return found.get(pointer) as T;
    };
  };
  return { ...spec, locate: once(spec.locate), assumption: once(spec.assumption) };
}

/** The entry with a form body recorded only as text (browsers do so) as the fields it was read into. */
function withFormParams(entry: HarEntry, call: RecordedCall): HarEntry {
  const { postData } = entry.request;
  if (!postData || (postData.params && postData.params.length > 0) || call.request.kind !== "form") return entry;
  const params = call.request.fields.map((field): HarParam => {
    if (!field.file) return { name: field.name, value: field.value ?? "" };
    return {
      name: field.name,
      ...(field.file.fileName === null ? {} : { fileName: field.file.fileName }),
      ...(field.file.contentType === null ? {} : { contentType: field.file.contentType }),
      ...(field.file.size === null ? {} : { _size: field.file.size }),
    };
  });
  return { ...entry, request: { ...entry.request, postData: { mimeType: postData.mimeType, params } } };
}
