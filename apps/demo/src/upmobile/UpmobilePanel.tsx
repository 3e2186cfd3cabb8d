import { useCallback, useState } from "react";
import type { UpmobileConnection } from "../clients";
import { Alert } from "../shared/ui";
import { AccountsTable } from "./AccountsTable";
import { OperationLookup } from "./OperationLookup";
import { useAllAccounts } from "./useAllAccounts";
import { WithdrawalForm } from "./WithdrawalForm";

/** Accounts, the withdrawal form and the operation look-up, sharing one client and one "balances changed" tick. */
export function UpmobilePanel({ connection }: { connection: UpmobileConnection }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const client = connection.problem === undefined ? connection.client : null;
  const all = useAllAccounts(client, connection.problem === undefined ? connection.context : null, refreshKey);

  return (
    <section className="panel" aria-labelledby="upmobile-heading">
      <h2 id="upmobile-heading">Upmobile</h2>
      {connection.problem !== undefined ? (
        <Alert>{connection.problem}</Alert>
      ) : (
        <>
          <AccountsTable client={connection.client} context={connection.context} refreshKey={refreshKey} />
          <WithdrawalForm
            client={connection.client}
            context={connection.context}
            accounts={all.accounts}
            onSettled={refresh}
          />
          <OperationLookup client={connection.client} context={connection.context} />
        </>
      )}
    </section>
  );
}
