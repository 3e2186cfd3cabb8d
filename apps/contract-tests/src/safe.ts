import type { FindingInit } from "./checks.js";
import type { Refusal } from "./exchange.js";
import type { ContractCase } from "./harness.js";
import type { SpecContext } from "./spec.js";

/** How a safe run names itself in what it skips and refuses. */
export const SAFE_RUN = "safe run (CONTRACT_SAFE=true)";

/** Why a safe run skips a case up front (it or a call it declares moves money, per `x-moves-money`), or null. */
export function safeSkipReason(c: Pick<ContractCase, "spec" | "operationId" | "calls">): string | null {
  const called = new Set([c.operationId, ...(c.calls ?? [])]);
  const moving = [...called].filter((operationId) => c.spec.operations[operationId]?.movesMoney === true);
  if (moving.length === 0) return null;
  const which =
    moving.length === 1
      ? `${moving[0]}, which moves`
      : `${moving.slice(0, -1).join(", ")} and ${moving.at(-1)}, which move`;
  return `${SAFE_RUN}: it calls ${which} money (x-moves-money)`;
}

/** The guard in a safe run's fetch: why a request must not go (it moves money, or is no operation), or null. */
export function safeGuard(spec: Pick<SpecContext, "operations">) {
  return ({ operationId }: { operationId: string | null }): string | null => {
    if (operationId === null) return `a ${SAFE_RUN} sends only the spec's operations, and this path is none of them`;
    return spec.operations[operationId]?.movesMoney
      ? `a ${SAFE_RUN} sends nothing to ${operationId}, which moves money (x-moves-money)`
      : null;
  };
}

/** The finding for a request the guard refused: a case that called it undeclared fails, never passes. */
export function refusalFinding(spec: SpecContext, refusal: Refusal): FindingInit {
  const { operationId, method, path, reason } = refusal;
  const unknown = operationId === null;
  return {
    check: "transport",
    rule: unknown ? "unknown operation" : "x-moves-money",
    operationId,
    pointer: unknown ? null : `${spec.operation(operationId).pointer}/x-moves-money`,
    message: `${method} ${path} was refused before it was sent: ${reason}.`,
    suggestion: unknown
      ? `Send only the spec's operations from a case, or add ${method} ${path} to the spec (with x-moves-money if it moves money).`
      : `The case calls ${operationId} without declaring it: add it to the case's \`calls\`, so that a safe run skips the case up front and says why.`,
  };
}
