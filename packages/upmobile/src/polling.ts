import { HttpError, TimeoutError, UnknownStatusError, unwrap } from "@contracts/runtime";
import { sleep } from "@contracts/runtime/internal";
import type { UpmobileClient } from "./client.js";
import { OperationStatusTerminalValues, OperationStatusValues } from "./generated/operations.gen.js";
import type { Operation, OperationStatus } from "./generated/schema.gen.js";

export interface WaitForOperationOptions {
  /** Stops the wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Gives up with a TimeoutError after this long (default 5 minutes). */
  timeoutMs?: number;
  /** First delay between polls (default 1 s); it doubles after each unchanged poll, up to `maxIntervalMs`. */
  intervalMs?: number;
  /** Cap of the delay between polls (default 15 s). */
  maxIntervalMs?: number;
  /** Called with the operation on the first poll and whenever its status changes. */
  onUpdate?: (operation: Operation) => void;
  /**
   * Decides whether a status is final. By default the spec's lifecycle decides (`x-terminal-values`), and a status
   * the spec does not list rejects the wait at once with an UnknownStatusError; pass this to decide yourself.
   */
  isTerminal?: (status: OperationStatus, operation: Operation) => boolean;
}

const TERMINAL: ReadonlySet<OperationStatus> = new Set(OperationStatusTerminalValues);
const KNOWN: ReadonlySet<OperationStatus> = new Set(OperationStatusValues);

/** True when the status is one the spec's lifecycle says never changes again (`x-terminal-values`). */
export function isTerminalStatus(status: OperationStatus): boolean {
  return TERMINAL.has(status);
}

/** The default of `isTerminal`: the spec's lifecycle, and no guess for a status it does not list. */
function specLifecycle(status: OperationStatus, operation: Operation): boolean {
  if (!KNOWN.has(status)) throw new UnknownStatusError("GetOperation", operation.id, status, OperationStatusValues);
  return TERMINAL.has(status);
}

/**
 * Polls `GetOperation` until the operation reaches a terminal status and resolves with it. Fails with an HttpError
 * (404 when the operation does not exist), an UnknownStatusError (a status the spec does not list, unless
 * `isTerminal` decides), a TimeoutError, or the signal's reason when aborted.
 */
export async function waitForOperation(
  client: UpmobileClient,
  id: string,
  options: WaitForOperationOptions = {},
): Promise<Operation> {
  const {
    signal,
    timeoutMs = 300_000,
    intervalMs = 1_000,
    maxIntervalMs = 15_000,
    onUpdate,
    isTerminal = specLifecycle,
  } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const rethrow = (error: unknown): never => {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new TimeoutError(`Waiting for operation ${id}`, timeoutMs, { cause: error });
    throw error;
  };

  let delay = intervalMs;
  let lastStatus: OperationStatus | undefined;
  for (;;) {
    let operation: Operation;
    try {
      const result = await client.GET("/operations/{id}", { params: { path: { id } }, signal: stop });
      operation = unwrap("GetOperation", result).data;
    } catch (error) {
      if (error instanceof HttpError) throw error;
      return rethrow(error);
    }
    if (operation.status !== lastStatus) {
      lastStatus = operation.status;
      delay = intervalMs;
      onUpdate?.(operation);
    }
    if (isTerminal(operation.status, operation)) return operation;
    await sleep(delay, stop).catch(rethrow);
    delay = Math.min(delay * 2, maxIntervalMs);
  }
}
