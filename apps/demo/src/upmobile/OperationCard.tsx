import type { Operation } from "@contracts/upmobile";
import { Fact, StatusBadge } from "../shared/ui";
import { formatMoney } from "./withdrawal-logic";

/** One operation's facts. */
export function OperationCard({ operation }: { operation: Operation }) {
  return (
    <dl className="summary" data-testid="operation-card" data-status={operation.status}>
      <Fact term="Id" className="mono">
        {operation.id}
      </Fact>
      <Fact term="Type">{operation.type}</Fact>
      <Fact term="Status">
        <StatusBadge status={operation.status} />
      </Fact>
      <Fact term="Amount">{formatMoney(operation.amount, operation.currency_code)}</Fact>
      <Fact term="From">{operation.from_account.name}</Fact>
      <Fact term="To">
        {operation.operator_code} · {operation.destination}
      </Fact>
      {operation.breakdown?.map((item) => (
        <Fact key={item.kind} term={item.kind === "commission" ? "Commission" : "Exchange"}>
          {formatMoney(item.amount, item.currency_code)}
        </Fact>
      ))}
      <Fact term="Created">{operation.created_at}</Fact>
    </dl>
  );
}
