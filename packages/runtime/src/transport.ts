import { authorizationValue, isTokenProvider, resolveToken, type TokenSource } from "./auth.js";
import { NetworkError, TimeoutError } from "./errors.js";
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

/**
 * The fetch every generated client sends through: sets `Authorization`, applies the timeout, retries safe
 * requests with capped, jittered backoff honouring `Retry-After`, and on a 401 refreshes a TokenProvider's token
 * once and replays the request (a 401 means the server did not act on it, so the replay is safe).
 */
export function createTransport(options: TransportOptions) {
  const { token, authorizationScheme = "Bearer", timeoutMs = 30_000, retry = {} } = options;
  const send = options.fetch ?? ((request: Request, init?: RequestInit) => globalThis.fetch(request, init));
  const policy = retry === false ? null : retry;
  const maxAttempts = Math.max(1, policy?.maxAttempts ?? 3);
  const statuses = policy?.statuses ?? DEFAULT_STATUSES;

  return async function transport(original: Request, operation?: OperationDescriptor): Promise<Response> {
    const what = operation ? operation.operationId : `${original.method} ${new URL(original.url).pathname}`;
    const retryable = policy !== null && SAFE_METHODS.has(original.method) && operation?.movesMoney !== true;
    // Note: only a request that may be sent again needs a pristine copy kept back; cloning tees the body.
    const replayable = retryable || (token !== undefined && isTokenProvider(token));
    const callerSignal = original.signal;
    if (callerSignal.aborted) throw callerSignal.reason;
    // Note: one controller and one timer, rather than AbortSignal.timeout + AbortSignal.any, which cost ~30 µs a
    // call. The timer covers the call until its response headers arrive, retries and waits included.
    const controller = new AbortController();
    const signal = controller.signal;
    const onCallerAbort = () => controller.abort(callerSignal.reason);
    callerSignal.addEventListener("abort", onCallerAbort, { once: true });
    const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : undefined;
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException(`${what} timed out`, "TimeoutError"));
          }, timeoutMs)
        : undefined;
    const failure = (error: unknown): unknown => {
      if (callerSignal.aborted) return callerSignal.reason;
      if (timedOut) return new TimeoutError(what, timeoutMs, { cause: error });
      return new NetworkError(what, { cause: error });
    };
    try {
      return await attempts();
    } finally {
      clearTimeout(timer);
      callerSignal.removeEventListener("abort", onCallerAbort);
    }

    async function attempts(): Promise<Response> {
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        const request = replayable ? original.clone() : original;
        const usedToken = token === undefined ? undefined : await resolveToken(token);
        if (usedToken !== undefined)
          request.headers.set("Authorization", authorizationValue(usedToken, authorizationScheme));

        let response: Response;
        try {
          response = await send(request, { signal });
        } catch (error) {
          const cause = failure(error);
          if (!(cause instanceof NetworkError) || !retryable || attempt >= maxAttempts) throw cause;
          const delayMs = backoff(attempt);
          if (!fitsBudget(delayMs)) throw cause;
          await wait(attempt, delayMs, "network error");
          continue;
        }

        if (response.status === 401 && !refreshed && usedToken !== undefined && token && isTokenProvider(token)) {
          refreshed = true;
          await response.body?.cancel();
          await token.refresh(usedToken);
          attempt--; // Note: a replay after re-authenticating is not a retry; it does not use up an attempt.
          continue;
        }
        if (!retryable || attempt >= maxAttempts || !statuses.includes(response.status)) return response;
        const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
        if (retryAfter !== undefined && retryAfter > (policy?.maxRetryAfterMs ?? 60_000)) return response;
        // A wait the call's remaining time cannot cover would end in a timeout that hides the throttle: the caller
        // gets the answer now, with the server's Retry-After in it.
        const delayMs = retryAfter ?? backoff(attempt);
        if (!fitsBudget(delayMs)) return response;
        await response.body?.cancel();
        await wait(attempt, delayMs, `HTTP ${response.status}`);
      }
    }

    function backoff(attempt: number): number {
      return backoffDelay(attempt, policy?.baseDelayMs ?? 200, policy?.maxDelayMs ?? 5_000);
    }

    function fitsBudget(delayMs: number): boolean {
      return deadline === undefined || performance.now() + delayMs < deadline;
    }

    async function wait(attempt: number, delayMs: number, reason: string) {
      policy?.onRetry?.({ operationId: what, attempt, delayMs, reason });
      try {
        await sleep(delayMs, signal);
      } catch (error) {
        throw failure(error);
      }
    }
  };
}
