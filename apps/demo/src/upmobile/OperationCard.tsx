import type { Operation } from "@contracts/upmobile";
import { Fragment } from "react";
import { StatusBadge } from "../shared/ui";
import { formatMoney } from "./withdrawal-logic";

/** One operation's facts. */
export function OperationCard({ operation }: { operation: Operation }) {
  return (
    <dl className="summary" data-testid="operation-card" data-status={operation.status}>
      <dt>Id</dt>
      <dd className="mono">{operation.id}</dd>
      <dt>Type</dt>
      <dd>{operation.type}</dd>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={operation.status} />
      </dd>
      <dt>Amount</dt>
      <dd>{formatMoney(operation.amount, operation.currency_code)}</dd>
      <dt>From</dt>
      <dd>{operation.from_account.name}</dd>
      <dt>To</dt>
      <dd>
        {operation.operator_code} · {operation.destination}
      </dd>
      {operation.breakdown?.map((item) => (
        <Fragment key={item.kind}>
          <dt>{item.kind === "commission" ? "Commission" : "Exchange"}</dt>
          <dd>{formatMoney(item.amount, item.currency_code)}</dd>
        </Fragment>
      ))}
      <dt>Created</dt>
      <dd>{operation.created_at}</dd>
    </dl>
  );
}
