import { Alert, StatusBadge } from "../shared/ui";
import { OperationCard } from "./OperationCard";
import type { Progress } from "./useWithdrawal";

/** Every status the withdrawal went through, the latest operation, and what to do if following stopped. */
export function OperationProgress({ progress }: { progress: Progress }) {
  const { operation, steps, phase, message } = progress;
  return (
    <div className="progress" data-testid="withdrawal-progress" data-phase={phase}>
      <h4>
        Withdrawal <StatusBadge status={operation.status} />
      </h4>
      <ol className="steps" aria-label="Status history" aria-live="polite">
        {steps.map((step) => (
          <li key={`${step.status}-${step.at}`}>
            <StatusBadge status={step.status} /> <span className="muted">{step.at}</span>
          </li>
        ))}
      </ol>
      {phase === "following" ? <p className="muted">Following the operation until it settles…</p> : null}
      {phase === "done" ? <p>Settled as {operation.status}; balances refreshed.</p> : null}
      {message ? <Alert>{message}</Alert> : null}
      <OperationCard operation={operation} />
    </div>
  );
}
