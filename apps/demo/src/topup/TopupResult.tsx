import type { TopupRequest } from "@contracts/topup";
import { Fact, StatusBadge } from "../shared/ui";
import { CURRENCY_LABELS, TYPE_LABELS } from "./labels";

/** The created top-up request and its status. */
export function TopupResult({ request }: { request: TopupRequest }) {
  return (
    <section className="result" aria-labelledby="topup-result-heading" data-testid="topup-result">
      <h3 id="topup-result-heading">
        Top-up request #{request.id} <StatusBadge status={request.status} />
      </h3>
      <dl className="summary">
        <Fact term="Status" data-testid="topup-status">
          {request.status}
        </Fact>
        <Fact term="Amount">
          {request.amount} {request.currency ? CURRENCY_LABELS[request.currency] : ""}
        </Fact>
        <Fact term="Type">{TYPE_LABELS[request.transfer_type]}</Fact>
        {request.from_bank ? (
          <Fact term="From">
            {request.from_bank} · {request.from_account_name} · {request.from_account_number}
          </Fact>
        ) : null}
        <Fact term="Accept user">{request.username}</Fact>
        <Fact term="Proof" className="mono">
          {request.to_attach_proof}
        </Fact>
        <Fact term="Approval">{request.automatic ? "automatic" : "manual review"}</Fact>
        <Fact term="Reason">{request.reason}</Fact>
      </dl>
    </section>
  );
}
