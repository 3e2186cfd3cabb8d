import type { UpmobileClient } from "@contracts/upmobile";
import { useCallback, useState } from "react";
import type { Connection } from "../clients";
import type { ApiContext } from "../shared/api-errors";
import { Alert } from "../shared/ui";
import { AccountsTable } from "./AccountsTable";
import { OperationLookup } from "./OperationLookup";
import { useAllAccounts } from "./useAllAccounts";
import { WithdrawalForm } from "./WithdrawalForm";

/** The Upmobile section, or why there is no client. */
export function UpmobilePanel({ connection }: { connection: Connection<UpmobileClient> }) {
  return (
    <section className="panel" aria-labelledby="upmobile-heading">
      <h2 id="upmobile-heading">Upmobile</h2>
      {connection.problem !== undefined ? (
        <Alert>{connection.problem}</Alert>
      ) : (
        <Connected client={connection.client} context={connection.context} />
      )}
    </section>
  );
}

/** Accounts, the withdrawal form and the operation look-up, sharing one client and one "balances changed" tick. */
function Connected({ client, context }: { client: UpmobileClient; context: ApiContext }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const all = useAllAccounts(client, context, refreshKey);
  return (
    <>
      <AccountsTable client={client} context={context} refreshKey={refreshKey} />
      <WithdrawalForm client={client} context={context} accounts={all.accounts} onSettled={refresh} />
      <OperationLookup client={client} context={context} />
    </>
  );
}
