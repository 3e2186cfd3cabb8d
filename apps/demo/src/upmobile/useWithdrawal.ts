import { type Operation, type UpmobileClient, type WithdrawalRequest, waitForOperation } from "@contracts/upmobile";
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiContext, describeStatus, describeThrown } from "../shared/api-errors";
import { type FieldErrors, FORM } from "../shared/field-errors";
import { appendStatus, type StatusStep, serverErrorsToFieldErrors, type WithdrawalField } from "./withdrawal-logic";

/** A withdrawal being followed: the operation as last seen and every status it went through. */
export interface Progress {
  operation: Operation;
  steps: StatusStep[];
  phase: "following" | "done" | "stopped" | "lost";
  message?: string;
}

/** Polling pace: the sandbox moves in fractions of a second, a provider in seconds to minutes. */
const POLL = { intervalMs: 400, maxIntervalMs: 3_000, timeoutMs: 300_000 } as const;

/**
 * Sends one withdrawal (`InitWithdrawal`) and follows its operation with `waitForOperation` until a terminal
 * status. Only one at a time: `submit` refuses while one is in flight, whatever the button says (a double click
 * sends one request). The withdrawal is never resent automatically; it moves money and has no idempotency key.
 */
export function useWithdrawal(client: UpmobileClient, context: ApiContext, onSettled: () => void) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const inFlight = useRef(false);
  const stopper = useRef<AbortController | null>(null);

  useEffect(() => () => stopper.current?.abort(), []);

  const submit = useCallback(
    async (body: WithdrawalRequest): Promise<FieldErrors<WithdrawalField> | null> => {
      if (inFlight.current) return null;
      inFlight.current = true;
      setBusy(true);
      setProgress(null);
      const stop = new AbortController();
      try {
        let first: Operation;
        try {
          const { data, error, response } = await client.POST("/withdrawals", { body });
          if (!data) {
            const errors = serverErrorsToFieldErrors(error);
            errors[FORM] = [describeStatus(response.status, error, context), ...(errors[FORM] ?? [])];
            return errors;
          }
          first = data.data;
        } catch (error) {
          return { [FORM]: [describeThrown(error, context) ?? "The withdrawal was not sent."] };
        }

        stopper.current = stop;
        const update = (operation: Operation, phase: Progress["phase"] = "following") =>
          setProgress((p) => ({ operation, steps: appendStatus(p?.steps ?? [], operation, new Date()), phase }));
        update(first);
        try {
          const final = await waitForOperation(client, first.id, { ...POLL, signal: stop.signal, onUpdate: update });
          update(final, "done");
          onSettled();
        } catch (error) {
          const aborted = stop.signal.aborted;
          const why = aborted ? "Stopped following; the operation goes on." : describeThrown(error, context);
          const message = `${why ?? "Following failed."} Look it up by its id: ${first.id}.`;
          setProgress((p) => (p ? { ...p, phase: aborted ? "stopped" : "lost", message } : p));
        }
        return null;
      } finally {
        if (stopper.current === stop) stopper.current = null;
        inFlight.current = false;
        setBusy(false);
      }
    },
    [client, context, onSettled],
  );

  const stop = useCallback(() => stopper.current?.abort(), []);
  return { busy, progress, submit, stop };
}
