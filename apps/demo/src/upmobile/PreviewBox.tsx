import type { PreviewState } from "./usePreview";

/** The preview's commission and total, or why there is none yet. */
export function PreviewBox({ preview }: { preview: PreviewState }) {
  return (
    <output className="preview" aria-live="polite" aria-label="Withdrawal preview" htmlFor="withdrawal-amount">
      {preview.status === "idle" ? <span className="muted">Enter an operator and an amount to preview.</span> : null}
      {preview.status === "loading" ? <span className="muted">Calculating…</span> : null}
      {preview.status === "invalid" ? <span className="muted">Fix the marked fields to preview.</span> : null}
      {preview.status === "error" ? <span className="error-text">{preview.message}</span> : null}
      {preview.status === "ok" ? (
        <dl className="summary">
          <dt>Amount</dt>
          <dd data-testid="preview-amount">{preview.summary.amount}</dd>
          <dt>Commission</dt>
          <dd data-testid="preview-commission">{preview.summary.commission}</dd>
          <dt>Amount + commission</dt>
          <dd data-testid="preview-total">{preview.summary.total}</dd>
          <dt>Operator</dt>
          <dd>{preview.summary.operator}</dd>
        </dl>
      ) : null}
    </output>
  );
}
