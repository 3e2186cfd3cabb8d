/**
 * The withdrawal lifecycle as a function of stored facts only — when the operation was created, the length of a
 * step and the outcome fixed at creation — so that every replica, and every restart, answers the same status at the
 * same moment. No process keeps a timer that the others would not know about.
 *
 * `pending` for one step, then `processing` for one step, then the outcome (`completed` or `failed`); an operation
 * bound to be `canceled` goes there straight from `pending`, after one step.
 */

/** Where a withdrawal ends. */
export type Outcome = "completed" | "failed" | "canceled";

/** Every status this lifecycle produces. */
type LifecycleStatus = "pending" | "processing" | Outcome;

/** Inputs that force an outcome, so failures can be provoked on purpose (documented in the README). */
export const MAGIC_OUTCOMES = {
  destinations: { "+70000000001": "failed", "+70000000002": "canceled" } as Record<string, Outcome>,
  amounts: { "13.13": "failed" } as Record<string, Outcome>,
};

/** The outcome a new withdrawal is bound for. */
export function outcomeFor(request: { destination: string; amount: string }): Outcome {
  return (
    (Object.hasOwn(MAGIC_OUTCOMES.destinations, request.destination)
      ? MAGIC_OUTCOMES.destinations[request.destination]
      : undefined) ??
    (Object.hasOwn(MAGIC_OUTCOMES.amounts, request.amount) ? MAGIC_OUTCOMES.amounts[request.amount] : undefined) ??
    "completed"
  );
}

/** When the operation reaches its terminal status (ms since the epoch): its hold is settled or released then. */
export function terminalAt(createdAt: number, stepMs: number, outcome: Outcome): number {
  return createdAt + (outcome === "canceled" ? 1 : 2) * stepMs;
}

/** The status at `now`. */
export function statusAt(
  operation: { createdAt: number; stepMs: number; outcome: Outcome },
  now: number,
): LifecycleStatus {
  const { createdAt, stepMs, outcome } = operation;
  if (now >= terminalAt(createdAt, stepMs, outcome)) return outcome;
  return now < createdAt + stepMs ? "pending" : "processing";
}

export const isOutcome = (value: string): value is Outcome =>
  value === "completed" || value === "failed" || value === "canceled";
