// The lifecycle is a function of stored facts only (creation time, step length, outcome), so every replica and every
// restart answers the same status: `pending` one step, `processing` one step, then the outcome (`canceled` straight
// from `pending`).

/** Where a withdrawal ends. */
export type Outcome = "completed" | "failed" | "canceled";

/** Every status this lifecycle produces. */
type LifecycleStatus = "pending" | "processing" | Outcome;

/** Inputs that force an outcome, so failures can be provoked on purpose (documented in the README). */
const MAGIC_DESTINATIONS = new Map<string, Outcome>([
  ["+70000000001", "failed"],
  ["+70000000002", "canceled"],
]);
const MAGIC_AMOUNTS = new Map<string, Outcome>([["13.13", "failed"]]);

/** The outcome a new withdrawal is bound for. */
export const outcomeFor = (request: { destination: string; amount: string }): Outcome =>
  MAGIC_DESTINATIONS.get(request.destination) ?? MAGIC_AMOUNTS.get(request.amount) ?? "completed";

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
