import type { UpmobileClient } from "@contracts/upmobile";
import { useEffect, useState } from "react";
import { type ApiContext, describeStatus, describeThrown } from "../shared/api-errors";
import type { FieldErrors } from "../shared/field-errors";
import {
  checkPreview,
  type PreviewInput,
  previewWanted,
  serverErrorsToFieldErrors,
  summarizePreview,
  type WithdrawalField,
} from "./withdrawal-logic";

export type PreviewState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; summary: ReturnType<typeof summarizePreview> }
  | { status: "invalid"; errors: FieldErrors<WithdrawalField> }
  | { status: "error"; message: string; errors: FieldErrors<WithdrawalField> };

/** How long typing must pause before a preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 350;

/**
 * A live preview (`PreviewWithdrawal`) of the input, asked for once typing pauses. Input the generated validator
 * refuses is reported without a request; a newer input cancels the older request. `input` must be memoized.
 */
export function usePreview(client: UpmobileClient, context: ApiContext, input: PreviewInput): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: "idle" });

  useEffect(() => {
    if (!previewWanted(input)) {
      setState({ status: "idle" });
      return;
    }
    const checked = checkPreview(input);
    if (!checked.ok) {
      setState({ status: "invalid", errors: checked.errors });
      return;
    }
    setState({ status: "loading" });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const { data, error, response } = await client.POST("/withdrawals/preview", {
          body: checked.body,
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        if (data) setState({ status: "ok", summary: summarizePreview(data.data) });
        else {
          const message = describeStatus(response.status, error, context);
          setState({ status: "error", message, errors: serverErrorsToFieldErrors(error) });
        }
      } catch (error) {
        const message = describeThrown(error, context);
        if (message !== null && !controller.signal.aborted) setState({ status: "error", message, errors: {} });
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, context, input]);

  return state;
}
