import type { Account, UpmobileClient } from "@contracts/upmobile";
import { useEffect, useState } from "react";
import { type ApiContext, describeStatus, describeThrown } from "../shared/api-errors";
import { Alert, Options, StatusBadge } from "../shared/ui";
import { formatMoney } from "./withdrawal-logic";

type Load =
  | { status: "loading" }
  | { status: "ok"; accounts: readonly Account[]; pages: number }
  | { status: "error"; message: string };

const PAGE_SIZES = ["2", "5", "10", "20", "50", "100"];

/** The caller's accounts, one page at a time (`GET /accounts?page=&page_size=`). */
export function AccountsTable(props: { client: UpmobileClient; context: ApiContext; refreshKey: number }) {
  const { client, context, refreshKey } = props;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [load, setLoad] = useState<Load>({ status: "loading" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the signal to load again.
  useEffect(() => {
    const controller = new AbortController();
    setLoad((previous) => (previous.status === "ok" ? previous : { status: "loading" }));
    client
      .GET("/accounts", { params: { query: { page, page_size: pageSize } }, signal: controller.signal })
      .then(({ data, error, response }) => {
        if (controller.signal.aborted) return;
        if (data) setLoad({ status: "ok", accounts: data.data.accounts, pages: data.data.pages });
        else setLoad({ status: "error", message: describeStatus(response.status, error, context) });
      })
      .catch((error: unknown) => {
        const message = describeThrown(error, context);
        if (message !== null) setLoad({ status: "error", message });
      });
    return () => controller.abort();
  }, [client, context, page, pageSize, refreshKey]);

  const pages = load.status === "ok" ? load.pages : 0;
  return (
    <section aria-labelledby="accounts-heading" className="card">
      <div className="card-head">
        <h3 id="accounts-heading">Accounts</h3>
        <div className="inline">
          <label htmlFor="page-size">Per page</label>
          <select
            id="page-size"
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(1);
            }}
          >
            <Options values={PAGE_SIZES} />
          </select>
        </div>
      </div>
      {load.status === "error" ? <Alert>{load.message}</Alert> : null}
      {load.status === "loading" ? <p aria-live="polite">Loading accounts…</p> : null}
      {load.status === "ok" && load.accounts.length === 0 ? <p>No accounts on this page.</p> : null}
      {load.status === "ok" && load.accounts.length > 0 ? <AccountRows accounts={load.accounts} /> : null}
      <nav className="pager" aria-label="Accounts pages">
        <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Previous page
        </button>
        <span aria-live="polite" data-testid="accounts-page">
          Page {page} of {Math.max(pages, 1)}
        </span>
        <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          Next page
        </button>
      </nav>
    </section>
  );
}

function AccountRows({ accounts }: { accounts: readonly Account[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Balance
            </th>
            <th scope="col" className="num">
              Held
            </th>
            <th scope="col">Currency</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id} data-account-id={account.id}>
              <td data-label="Name">
                <div>
                  {account.name}
                  <small className="muted block mono">{account.id}</small>
                </div>
              </td>
              <td className="num" data-cell="balance" data-label="Balance">
                {formatMoney(account.balance)}
              </td>
              <td className="num" data-cell="held" data-label="Held">
                {formatMoney(account.held_balance)}
              </td>
              <td data-label="Currency">{account.currency_code}</td>
              <td data-label="Status">
                <span>
                  <StatusBadge status={account.status} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
