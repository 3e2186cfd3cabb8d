import type { TopupRequest } from "@contracts/topup";
import { StatusBadge } from "../shared/ui";
import { CURRENCY_LABELS, TYPE_LABELS } from "./labels";

/** The created top-up request and its status. */
export function TopupResult({ request }: { request: TopupRequest }) {
  return (
    <section className="result" aria-labelledby="topup-result-heading" data-testid="topup-result">
      <h3 id="topup-result-heading">
        Top-up request #{request.id} <StatusBadge status={request.status} />
      </h3>
      <dl className="summary">
        <dt>Status</dt>
        <dd data-testid="topup-status">{request.status}</dd>
        <dt>Amount</dt>
        <dd>
          {request.amount} {request.currency ? CURRENCY_LABELS[request.currency] : ""}
        </dd>
        <dt>Type</dt>
        <dd>{TYPE_LABELS[request.transfer_type]}</dd>
        {request.from_bank ? (
          <>
            <dt>From</dt>
            <dd>
              {request.from_bank} · {request.from_account_name} · {request.from_account_number}
            </dd>
          </>
        ) : null}
        {request.username ? (
          <>
            <dt>Accept user</dt>
            <dd>{request.username}</dd>
          </>
        ) : null}
        {request.to_attach_proof ? (
          <>
            <dt>Proof</dt>
            <dd className="mono">{request.to_attach_proof}</dd>
          </>
        ) : null}
        <dt>Approval</dt>
        <dd>{request.automatic ? "automatic" : "manual review"}</dd>
        {request.reason ? (
          <>
            <dt>Reason</dt>
            <dd>{request.reason}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
