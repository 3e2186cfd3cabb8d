import { type ApiClientOptions, HttpError } from "@contracts/runtime";
import { createApiClient } from "@contracts/runtime/internal";
import { createTopupClient, type TopupClient } from "@contracts/topup";
import { createUpmobileClient, type UpmobileClient } from "@contracts/upmobile";
import { type CheckContext, conformance, type Expectation, expectation, type FindingInit, finding } from "./checks.js";
import { createRecorder, type Exchange, type Recorder, RefusedRequestError } from "./exchange.js";
import type { CheckName, Finding } from "./findings.js";
import { negativeParameters } from "./negative.js";
import { type ApiTarget, type Provider, type Requirement, unmet } from "./provider.js";
import { refusalFinding, safeGuard, safeSkipReason } from "./safe.js";
import { type ApiName, documentedStatus, type Json, type SpecContext } from "./spec.js";
import { createStrictReader, type StrictReader } from "./strict-reader.js";

/** One contract case: an operation, the documented status it covers, the check it makes and how to provoke it. */
export interface ContractCase {
  /** `upmobile GetAccounts 200: lists accounts …`: unique, stable across runs. */
  id: string;
  api: ApiName;
  /** The spec it is derived from (and, through its registry, the other APIs it may call). */
  spec: SpecContext;
  operationId: string;
  /** The documented status it covers (`200`, `5XX`, …), for the coverage table. */
  status: string;
  check: CheckName;
  name: string;
  /** What the answer's status must be; a success when left out. */
  expect?: Expectation;
  /** What the provider must offer; without it the case is skipped, and the summary says why. */
  needs?: readonly Requirement[];
  /** The other operations it calls along the way, so that a safe run skips it when one of them moves money. */
  calls?: readonly string[];
  /** Sends the requests and returns the exchange the expectation is about (every exchange is checked). */
  run(ctx: CaseContext): Promise<Exchange>;
}

/** A client that knows an API's operation table but not its types: any method, path and init. */
export interface UntypedClient {
  request(method: string, path: string, init?: Record<string, unknown>): Promise<{ response: Response }>;
}

/** What a case may change in its clients: not their fetch, so every request goes through the recorder (and its guard). */
type ClientOptions = Partial<Omit<ApiClientOptions, "fetch">>;

/** What a case works with: recording clients for the provider, and ways to report beyond the answer's shape. */
export interface CaseContext {
  provider: Provider;
  /** An untyped client of any API of the registry (the case's own by default), for cases derived from facts alone. */
  client(api?: ApiName, options?: ClientOptions): UntypedClient;
  upmobile(options?: ClientOptions): UpmobileClient;
  topup(options?: ClientOptions): TopupClient;
  /** The exchange behind a client's result. */
  exchange(result: { response: Response }): Exchange;
  /** Reports a stateful finding: what the provider answered disagrees with what the suite did. */
  fail(init: Omit<FindingInit, "check"> & { check?: CheckName }): void;
  /** Records what the case could not cover (it still passes), for the summary. */
  note(text: string): void;
  skip(reason: string): never;
}

/** The outcome of one case, as the report shows it. */
export interface CaseResult extends Pick<ContractCase, "id" | "api" | "operationId" | "status" | "check" | "name"> {
  outcome: "passed" | "failed" | "skipped";
  skipReason?: string;
  findings: Finding[];
  notes: string[];
  exchanges: number;
  /** The documented responses its exchanges got, as `api OperationId status` (`upmobile GetAccounts 5XX`). */
  seen: string[];
  durationMs: number;
}

class SkipCase extends Error {
  override name = "SkipCase";
}

/** Builds a case list for one API; `add` fills in the id, the other two add the cases every operation gets alike. */
export function caseList(spec: SpecContext) {
  const cases: ContractCase[] = [];
  const add = (c: Omit<ContractCase, "api" | "id" | "spec">) => {
    // A misspelt operation in `calls` would let a safe run send the case: the spec must have each one.
    for (const operationId of [c.operationId, ...(c.calls ?? [])]) spec.operation(operationId);
    cases.push({ ...c, api: spec.api, spec, id: `${spec.api} ${c.operationId} ${c.status}: ${c.name}` });
  };
  return {
    cases,
    add,
    /** The ignored-auth cases of an operation: `send` without a token, then with a wrong one. */
    addAuth(operationId: string, send: (ctx: CaseContext, token: string | undefined) => Promise<Exchange>) {
      for (const [name, token] of [
        ["without a token", undefined],
        ["with a wrong token", "wrong-token"],
      ] as const) {
        add({
          operationId,
          status: "401",
          check: "ignored auth",
          expect: { kind: "unauthorized" },
          name: `answers 401 ${name}`,
          run: (ctx) => send(ctx, token),
        });
      }
    },
    /** A 400 case for each query value that breaks one rule of a parameter's schema. */
    addBadQueries(operationId: string, send: (ctx: CaseContext, query: Json) => Promise<Exchange>) {
      for (const bad of negativeParameters(spec.operation(operationId).facts.parameters)) {
        add({
          operationId,
          status: "400",
          check: "negative data rejection",
          expect: { kind: "client-error", rule: bad.kind, pointer: bad.pointer, what: `a ${bad.what}` },
          name: `rejects ${bad.what}`,
          run: (ctx) => send(ctx, { [bad.name]: bad.value }),
        });
      }
    },
  };
}

const readers = new WeakMap<SpecContext, StrictReader>();

/** What the checks need of an API: its spec and strict reader, built once per process. */
function checkContext(spec: SpecContext, explore: boolean): CheckContext {
  const strict = readers.get(spec) ?? createStrictReader(spec);
  readers.set(spec, strict);
  return { spec, strict, explore };
}

/** The clients' options in the suite: no validation (it sends bad input on purpose and reads answers itself). */
const SUITE_CLIENT = { validate: { request: false, response: false }, retry: false, timeoutMs: 20_000 } as const;

/** Runs one case: skipped when the provider lacks what it needs (or, in a safe run, it moves money), else checked. */
export async function runCase(
  c: ContractCase,
  provider: Provider,
  explore: boolean,
  safe = false,
): Promise<CaseResult> {
  const started = performance.now();
  const { id, api, operationId, status, check, name } = c;
  const result = (outcome: CaseResult["outcome"], extra: Partial<CaseResult> = {}): CaseResult => ({
    ...{ id, api, operationId, status, check, name },
    outcome,
    findings: [],
    notes: [],
    exchanges: 0,
    seen: [],
    durationMs: Math.round(performance.now() - started),
    ...extra,
  });
  const notUnderTest = (api: ApiName) =>
    provider.apis[api] ? null : `${api} is not under test: ${provider.missing[api] ?? "no base URL"}`;
  const why =
    notUnderTest(c.api) ??
    (safe ? safeSkipReason(c) : null) ??
    (c.needs ?? []).map((requirement) => unmet(provider, requirement)).find((reason) => reason !== null);
  if (why) return result("skipped", { skipReason: why });

  const recorders = new Map<ApiName, Recorder>();
  const recorder = (api: ApiName): Recorder => {
    const target = provider.apis[api];
    if (!target) throw new SkipCase(notUnderTest(api) as string);
    let found = recorders.get(api);
    if (!found) {
      const spec = c.spec.registry.spec(api);
      found = createRecorder(spec, target.url, target.token, safe ? { refuse: safeGuard(spec) } : {});
      recorders.set(api, found);
    }
    return found;
  };
  const recorded = () => [...recorders.values()].flatMap((r) => r.exchanges);
  const options = (api: ApiName, given: ClientOptions) => {
    const { fetch } = recorder(api);
    const { url, token } = provider.apis[api] as ApiTarget;
    return { baseUrl: url, token, ...SUITE_CLIENT, ...given, fetch };
  };
  const ctx = checkContext(c.spec, explore);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const caseContext: CaseContext = {
    provider,
    client: (api = c.api, given = {}) =>
      createApiClient(c.spec.registry.spec(api).operations, options(api, given)) as unknown as UntypedClient,
    upmobile: (given = {}) => createUpmobileClient(options("upmobile", given)),
    topup: (given = {}) => createTopupClient(options("topup", given)),
    exchange: (result) => {
      const found = recorded().find((e) => e.response === result.response);
      if (!found) throw new Error("No exchange was recorded for this response.");
      return found;
    },
    fail: (init) => findings.push(finding(ctx, { ...init, check: init.check ?? c.check })),
    note: (text) => notes.push(text),
    skip: (reason) => {
      throw new SkipCase(reason);
    },
  };

  let primary: Exchange | undefined;
  let skipped: string | undefined;
  try {
    primary = await c.run(caseContext);
  } catch (error) {
    if (error instanceof SkipCase) skipped = error.message;
    // An answer that is not the API's (an HTML page) is still the case's to judge: conformance says what it was.
    else if (error instanceof HttpError && error.problem && recorded().length > 0) {
      primary = recorded().reduce((last, e) => (e.at >= last.at ? e : last));
    }
    // A refused request is reported below from the recorders, whether or not the case let its error through.
    else if (!refusedIn(error)) {
      findings.push(
        finding(ctx, {
          check: "transport",
          rule: (error as Error).name ?? "error",
          operationId: c.operationId,
          pointer: null,
          message: `The case could not finish: ${(error as Error).message ?? String(error)}`,
          suggestion:
            "Check that the provider is reachable at its base URL and answers within the timeout; a NetworkError means no HTTP answer came at all.",
        }),
      );
    }
  }
  const refused = [...recorders.values()].flatMap((r) => r.refused);
  if (skipped !== undefined && refused.length === 0) return result("skipped", { skipReason: skipped, notes });
  for (const refusal of refused) {
    const api = c.spec.registry.spec(refusal.api);
    // An error even on an assumed part in explore mode: a case that tried to move money in a safe run never passes.
    findings.push({ ...finding(checkContext(api, explore), refusalFinding(api, refusal)), severity: "error" });
  }
  const exchanges = recorded();
  const seen = new Set<string>();
  for (const exchange of exchanges) {
    const api = checkContext(c.spec.registry.spec(exchange.api), explore);
    findings.push(...conformance(api, exchange));
    const key = exchange.operationId && documentedStatus(api.spec, exchange.operationId, exchange.status);
    if (key) seen.add(`${exchange.api} ${exchange.operationId} ${key}`);
  }
  if (primary) findings.unshift(...expectation(ctx, c.check, c.expect ?? { kind: "success" }, primary, c.name));
  const failed = findings.some((f) => f.severity === "error");
  return result(failed ? "failed" : "passed", { findings, notes, exchanges: exchanges.length, seen: [...seen] });
}

/** Whether an error is, or was caused by, a request the recorder refused (the clients wrap it in a NetworkError). */
function refusedIn(error: unknown): boolean {
  for (let at = error; at instanceof Error; at = at.cause) if (at instanceof RefusedRequestError) return true;
  return false;
}
