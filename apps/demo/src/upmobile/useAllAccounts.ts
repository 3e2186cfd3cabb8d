import { type Account, paginateAccounts, type UpmobileClient } from "@contracts/upmobile";
import { useEffect, useState } from "react";
import { type ApiContext, describeThrown } from "../shared/api-errors";

/** At most this many accounts are offered in the withdrawal form's select. */
const LIMIT = 500;

/** Every account of the caller (for the withdrawal form), reloaded when `refreshKey` changes. */
export function useAllAccounts(client: UpmobileClient, context: ApiContext, refreshKey: number) {
  const [state, setState] = useState<{ accounts: Account[]; error: string | null }>({ accounts: [], error: null });

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the signal to load again.
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const accounts: Account[] = [];
      try {
        for await (const account of paginateAccounts(client, { pageSize: 100, signal: controller.signal })) {
          accounts.push(account);
          if (accounts.length >= LIMIT) break;
        }
        setState({ accounts, error: null });
      } catch (error) {
        const message = describeThrown(error, context);
        if (message !== null && !controller.signal.aborted) setState({ accounts, error: message });
      }
    })();
    return () => controller.abort();
  }, [client, context, refreshKey]);

  return state;
}
