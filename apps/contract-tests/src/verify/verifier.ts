import { apiEnvName } from "@contracts/codegen/registry";
import type { HarEntry, HarParam } from "@contracts/runtime";
import { createHarEntryRedactor } from "@contracts/runtime/internal";
import { type CheckContext, type CheckedExchange, conformance, requestConformance } from "../checks.js";
import { parseJson } from "../exchange.js";
import { createFindingGroups, type Finding } from "../findings.js";
import { exploreMode } from "../provider.js";
import { count, plural } from "../report.js";
import { type ApiName, documentedStatus, openRegistry, type Registry, type SpecContext } from "../spec.js";
import { createStrictReader } from "../strict-reader.js";
import { EntryShapeError, type RecordedCall, readCall, summarize } from "./entry.js";
import { DEFAULT_READ_LIMITS, type HarReadLimits } from "./har-reader.js";

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

/** Rows counted by key, the first {@link KEEP_ROWS} keys kept and the rest added up under `omitted`. */
class BoundedRows<T> extends Map<string, T & { entries: number }> {
  omitted = 0;
  total = 0;
  add(key: string, row: () => T): void {
    this.total++;
    const found = this.get(key);
    if (found) found.entries++;
    else if (this.size < KEEP_ROWS) this.set(key, { ...row(), entries: 1 });
    else this.omitted++;
  }
  /** The rows kept, the most seen first. */
  rows(): Array<T & { entries: number }> {
    return [...this.values()].sort((a, b) => b.entries - a.entries);
  }
}

/** Each API's base URL: the given one, else `<ALIAS>_BASE_URL`; why an API has none. */
function baseUrlsOf(registry: Registry, given: Record<ApiName, string>, env: NodeJS.ProcessEnv) {
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
    const url = httpUrl(text);
    if (!url) {
      const source = given[api] === undefined ? variable : `the base URL of ${api}`;
      throw new VerifyUsageError(`${source} must be an http(s) URL, got ${JSON.stringify(text)}.`);
    }
    url.pathname = url.pathname.replace(/\/+$/, "");
    apis[api] = url;
  }
  if (Object.keys(apis).length === 0) {
    const variables = registry.apis.map((api) => apiEnvName(api, "BASE_URL")).join(" and/or ");
    throw new VerifyUsageError(
      `No API has a base URL to match the traffic against: set ${variables}, or pass --base-url <api>=<url>.`,
    );
  }
  return { apis, missing };
}

/** The incremental core of `contract:verify`, which a proxy also feeds; findings grouped as they come. */
export async function createTrafficVerifier(options: TrafficVerifierOptions = {}) {
  const registry = await openRegistry(options.root);
  const env = options.env ?? process.env;
  const explore = options.explore ?? exploreMode(env);
  const limits: HarReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const { apis, missing } = baseUrlsOf(registry, options.baseUrls ?? {}, env);
  // The longest base path first, so that APIs sharing an origin each get their own traffic.
  const bases = Object.entries(apis)
    .map(([api, url]) => {
      const spec = memoized(registry.spec(api));
      const ctx: CheckContext = { spec, strict: createStrictReader(spec), explore };
      return { api, origin: url.origin, prefix: url.pathname.replace(/\/+$/, ""), ctx };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const redact = createHarEntryRedactor();
  // Each finding names the first five entries that showed it.
  const groups = createFindingGroups({ keepCases: 5 });
  const coverage = new Map<string, { api: ApiName; operationId: string; status: string; entries: number }>();
  const undocumented = new BoundedRows<{ api: ApiName; method: string; path: string }>();
  const otherHosts = new BoundedRows<{ host: string }>();
  const unreadable: Array<{ file: string; entry: number | null; reason: string }> = [];
  // Of the entries verified, `noAnswer` got no HTTP answer (only the request was checked) and `bodiesNotRecorded` an
  // answer whose body the recording left out; `errors` and `warnings` count sightings of findings.
  const totals = { entries: 0, verified: 0, noAnswer: 0, bodiesNotRecorded: 0, unreadable: 0, errors: 0, warnings: 0 };

  const route = ({ origin, pathname }: URL) => {
    for (const base of bases) {
      const { prefix } = base;
      if (origin === base.origin && (prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`))) {
        return { ...base, path: pathname.slice(prefix.length) || "/" };
      }
    }
    return null;
  };

  const check = async (value: unknown, where: EntryLocation): Promise<Finding[]> => {
    const read = await readCall(value, limits.maxDepth);
    const target = route(read.url);
    if (!target) {
      otherHosts.add(read.url.host, () => ({ host: read.url.host }));
      return [];
    }
    const { api, ctx, path } = target;
    const match = ctx.spec.matchOperation(read.method, path);
    if (!match) {
      const method = read.method.toUpperCase();
      undocumented.add(`${api} ${method} ${path}`, () => ({ api, method, path }));
      return [];
    }
    // What is checked is what a recorder would have written, so no personal value in clear reaches the report.
    const { operationId } = match;
    const entry = redact(withFormParams(value as HarEntry, read), ctx.spec.operations[operationId]);
    const call = await readCall(entry, limits.maxDepth);
    totals.verified++;
    const parsed = call.body === null ? undefined : parseJson(call.body);
    let summary: CheckedExchange["request"] | undefined;
    const exchange: CheckedExchange = {
      api,
      operationId,
      get request() {
        summary ??= summarize(call, path);
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
      const key = `${api} ${operationId} ${status}`;
      const row = coverage.get(key);
      if (row) row.entries++;
      else coverage.set(key, { api, operationId, status, entries: 1 });
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

  const verified = Object.fromEntries(Object.entries(apis).map(([api, url]) => [api, url.href.replace(/\/$/, "")]));
  return {
    limits,

    /** Checks one parsed entry, returning the findings new to this run; a malformed one is recorded as unreadable. */
    async verifyEntry(entry: unknown, where: EntryLocation): Promise<Finding[]> {
      try {
        const fresh = await check(entry, where);
        totals.entries++;
        return fresh;
      } catch (error) {
        const { message } = error as Error;
        this.unreadable(where, error instanceof EntryShapeError ? message : `it could not be checked: ${message}`);
        return [];
      }
    },

    /** Records an entry (or, with a null index, a file) that could not be read. */
    unreadable(where: EntryLocation, reason: string): void {
      if (where.index !== null) totals.entries++;
      totals.unreadable++;
      if (unreadable.length < KEEP_ROWS) unreadable.push({ file: where.file, entry: where.index, reason });
    },

    /** The report so far: failed by an error finding, an unreadable entry or file, or nothing verified. */
    report(run: { sources: string[]; startedAt: string; finishedAt: string }) {
      const findings = groups.list();
      const documented = registry.documentedResponses();
      const isDocumented = new Set(documented.map((d) => `${d.api} ${d.operationId} ${d.status}`));
      const errorGroups = findings.filter((g) => g.severity === "error").length;
      const unread = totals.unreadable;
      const reasons = [
        errorGroups > 0 && `${plural(errorGroups, "finding")} ${errorGroups === 1 ? "is an error" : "are errors"}`,
        unread > 0 && `${count(unread)} ${unread === 1 ? "entry or file" : "entries or files"} could not be read`,
        totals.verified === 0 &&
          "no entry matched an operation of an API at its base URL, so nothing was verified (check the base URLs)",
      ].filter((reason) => reason !== false);
      return {
        run: { ...run, apis: verified, missing, explore },
        verdict: reasons.length > 0 ? ("failed" as const) : ("passed" as const),
        reasons,
        totals: { ...totals, undocumented: undocumented.total, otherHosts: otherHosts.total },
        findings,
        // Each operation × status reached (documented ones by their key, `5XX` for a 503), and those never reached.
        coverage: [...coverage]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, row]) => ({ ...row, documented: isDocumented.has(key) })),
        notCovered: documented.flatMap((d) =>
          coverage.has(`${d.api} ${d.operationId} ${d.status}`)
            ? []
            : [{ ...d, why: missing[d.api] ? `not verified: ${missing[d.api]}` : "no entry of the traffic" }],
        ),
        undocumented: undocumented.rows(),
        undocumentedOmitted: undocumented.omitted,
        otherHosts: otherHosts.rows(),
        otherHostsOmitted: otherHosts.omitted,
        unreadable: [...unreadable],
      };
    },
  };
}

/** The report of `contract:verify`: the suite's findings, plus what the traffic covered and what it could not. */
export type VerifyReport = ReturnType<Awaited<ReturnType<typeof createTrafficVerifier>>["report"]>;

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
  const params = call.request.fields.map(({ name, value, file }): HarParam => {
    if (!file) return { name, value: value ?? "" };
    return {
      name,
      fileName: file.fileName ?? undefined,
      contentType: file.contentType ?? undefined,
      _size: file.size ?? undefined,
    };
  });
  return { ...entry, request: { ...entry.request, postData: { mimeType: postData.mimeType, params } } };
}
