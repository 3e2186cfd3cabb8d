import { authorizationValue, isTokenProvider, resolveToken, type TokenProvider, type TokenSource } from "./auth.js";
import { NetworkError, TimeoutError } from "./errors.js";
import { LightRequest } from "./light-request.js";
import type { OperationDescriptor } from "./operation-table.js";
import { backoffDelay, parseRetryAfter, sleep } from "./timing.js";

/** When and how a failed request is tried again. Only safe requests ever are: GET/HEAD that move no money. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** Backoff base and cap for the jittered exponential delay (defaults 200 ms and 5 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Statuses that are retried (default 429, 502, 503, 504); network errors always are. */
  statuses?: readonly number[];
  /** A `Retry-After` longer than this is not waited for: the response is returned instead (default 60 s). */
  maxRetryAfterMs?: number;
  /** Called before each wait, e.g. for logging; never receives headers or bodies. */
  onRetry?: (info: { operationId: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface TransportOptions {
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  token?: TokenSource;
  authorizationScheme?: string | null;
  /**
   * Milliseconds a call may take in all, retries included; 0 turns the timeout off (default 30 s). A retry whose
   * wait does not fit in what is left is not made: the caller gets the last answer at once.
   */
  timeoutMs?: number;
  /** `false` turns retries off. */
  retry?: RetryPolicy | false;
}

const DEFAULT_STATUSES = [429, 502, 503, 504];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Sends one call; `callerSignal` is the signal the caller gave (null: none), by default the request's own. */
export type Transport = (
  original: Request,
  operation?: OperationDescriptor,
  callerSignal?: AbortSignal | null,
) => Promise<Response>;

/**
 * The timeout of one call, and the caller's signal linked to it: one controller and one timer, rather than
 * AbortSignal.timeout + AbortSignal.any, which cost ~30 µs a call. It covers the call until its response headers
 * arrive, retries and waits included.
 */
class CallTimeout {
  readonly controller = new AbortController();
  readonly deadline: number;
  timedOut = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort: (() => void) | undefined;

  constructor(
    timeoutMs: number,
    readonly call: { what(): string },
    private readonly callerSignal: AbortSignal | null,
  ) {
    this.deadline = performance.now() + timeoutMs;
    this.timer = setTimeout(expire, timeoutMs, this);
    if (callerSignal) {
      const onCallerAbort = () => this.controller.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      this.onCallerAbort = onCallerAbort;
    }
  }

  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }
}

/** The timer's callback, one function for every call rather than a closure each. */
function expire(timeout: CallTimeout): void {
  timeout.timedOut = true;
  timeout.controller.abort(new DOMException(`${timeout.call.what()} timed out`, "TimeoutError"));
}

/** What a transport is made with, resolved once. */
interface Settings {
  send: NonNullable<TransportOptions["fetch"]>;
  token: TokenSource | undefined;
  provider: TokenProvider | undefined;
  authorizationScheme: string | null;
  timeoutMs: number;
  policy: RetryPolicy | null;
  maxAttempts: number;
  statuses: readonly number[];
}

/**
 * The fetch every generated client sends through: sets `Authorization`, applies the timeout, retries safe
 * requests with capped, jittered backoff honouring `Retry-After`, and on a 401 refreshes a TokenProvider's token
 * once and replays the request (a 401 means the server did not act on it, so the replay is safe).
 */
export function createTransport(options: TransportOptions): Transport {
  const { token, authorizationScheme = "Bearer", timeoutMs = 30_000, retry = {} } = options;
  const policy = retry === false ? null : retry;
  const settings: Settings = {
    send:
      options.fetch ??
      ((request: Request | LightRequest, init?: RequestInit) =>
        request instanceof LightRequest ? request.send(init) : globalThis.fetch(request, init)),
    token,
    provider: token !== undefined && isTokenProvider(token) ? token : undefined,
    authorizationScheme,
    timeoutMs,
    policy,
    maxAttempts: Math.max(1, policy?.maxAttempts ?? 3),
    statuses: policy?.statuses ?? DEFAULT_STATUSES,
  };
  return (original, operation, callerSignal) => new Call(settings, original, operation, callerSignal).run();
}

/** One call through the transport: its attempts, its timeout and the caller's signal (an object, not closures). */
class Call {
  private readonly callerSignal: AbortSignal | null;
  private readonly retryable: boolean;
  private readonly timeout: CallTimeout | undefined;
  /** The signal the call is sent with: the timeout's (which follows the caller's), the caller's, or none. */
  private readonly signal: AbortSignal | null;

  constructor(
    private readonly settings: Settings,
    private readonly original: Request,
    private readonly operation: OperationDescriptor | undefined,
    given: AbortSignal | null | undefined,
  ) {
    this.callerSignal = given === undefined ? original.signal : given;
    const { policy, timeoutMs } = settings;
    this.retryable = policy !== null && SAFE_METHODS.has(original.method) && operation?.movesMoney !== true;
    this.timeout =
      timeoutMs > 0 && !this.callerSignal?.aborted ? new CallTimeout(timeoutMs, this, this.callerSignal) : undefined;
    this.signal = this.timeout ? this.timeout.controller.signal : this.callerSignal;
  }

  async run(): Promise<Response> {
    if (this.callerSignal?.aborted) throw this.callerSignal.reason;
    try {
      return await this.attempts();
    } finally {
      this.timeout?.clear();
    }
  }

  what(): string {
    const { operation, original } = this;
    return operation ? operation.operationId : `${original.method} ${new URL(original.url).pathname}`;
  }

  private async attempts(): Promise<Response> {
    const { send, token, provider, authorizationScheme, policy, maxAttempts, statuses } = this.settings;
    const { original, retryable } = this;
    // Without a timeout, a caller's signal reaches fetch on its own, and with neither fetch needs no init at all.
    const init = this.signal ? { signal: this.signal } : undefined;
    const replayable = retryable || provider !== undefined;
    let refreshed = false;
    let sent = false;
    for (let attempt = 1; ; attempt++) {
      // A body can be read once, so a request that may be replayed sends copies of it; one without a body is sent
      // itself the first time and copied only when it is sent again.
      const request = sent || (replayable && original.body !== null) ? original.clone() : original;
      sent = true;
      const usedToken = token === undefined ? undefined : await resolveToken(token);
      if (usedToken !== undefined)
        request.headers.set("Authorization", authorizationValue(usedToken, authorizationScheme));

      let response: Response;
      try {
        response = await send(request, init);
      } catch (error) {
        const cause = this.failure(error);
        if (!(cause instanceof NetworkError) || !retryable || attempt >= maxAttempts) throw cause;
        const delayMs = this.backoff(attempt);
        if (!this.fitsBudget(delayMs)) throw cause;
        await this.wait(attempt, delayMs, "network error");
        continue;
      }

      if (response.status === 401 && !refreshed && usedToken !== undefined && provider) {
        refreshed = true;
        await response.body?.cancel();
        await provider.refresh(usedToken);
        attempt--; // A replay after re-authenticating is not a retry; it does not use up an attempt.
        continue;
      }
      if (!retryable || attempt >= maxAttempts || !statuses.includes(response.status)) return response;
      const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
      if (retryAfter !== undefined && retryAfter > (policy?.maxRetryAfterMs ?? 60_000)) return response;
      // A wait the call's remaining time cannot cover would end in a timeout that hides the throttle: the caller
      // gets the answer now, with the server's Retry-After in it.
      const delayMs = retryAfter ?? this.backoff(attempt);
      if (!this.fitsBudget(delayMs)) return response;
      await response.body?.cancel();
      await this.wait(attempt, delayMs, `HTTP ${response.status}`);
    }
  }

  private failure(error: unknown): unknown {
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    if (this.timeout?.timedOut) return new TimeoutError(this.what(), this.settings.timeoutMs, { cause: error });
    return new NetworkError(this.what(), { cause: error });
  }

  private backoff(attempt: number): number {
    const { policy } = this.settings;
    return backoffDelay(attempt, policy?.baseDelayMs ?? 200, policy?.maxDelayMs ?? 5_000);
  }

  private fitsBudget(delayMs: number): boolean {
    return this.timeout === undefined || performance.now() + delayMs < this.timeout.deadline;
  }

  private async wait(attempt: number, delayMs: number, reason: string) {
    this.settings.policy?.onRetry?.({ operationId: this.what(), attempt, delayMs, reason });
    try {
      await sleep(delayMs, this.signal ?? undefined);
    } catch (error) {
      throw this.failure(error);
    }
  }
}
