import type { components, TopupClient, TopupRequest, TransferType } from "@contracts/topup";
import { TopupCurrencyValues, TransferTypeValues } from "@contracts/topup/spec";
import { type ChangeEvent, type FormEvent, useRef, useState } from "react";
import { type ApiContext, describeStatus, describeThrown } from "../shared/api-errors";
import { add, type FieldErrors, FORM } from "../shared/field-errors";
import { controlProps, Field, FormErrors, Options } from "../shared/ui";
import {
  checkProof,
  checkTopup,
  describeProofRule,
  fieldsForType,
  initialTopupState,
  PROOF_ACCEPT,
  serverErrorsToFieldErrors,
  type TextField,
  type TopupField,
  type TopupFormState,
} from "./form-logic";
import { CURRENCY_LABELS, TYPE_LABELS } from "./labels";
import { TopupResult } from "./TopupResult";

/**
 * A top-up request (`CreateTopupRequest`): the fields follow the type, the generated validator checks everything
 * (the proof's size and type included) before a byte is sent, and the server's 400 lands by the same fields.
 */
export function TopupForm({ client, context }: { client: TopupClient; context: ApiContext }) {
  const [state, setState] = useState<TopupFormState>(() => initialTopupState());
  const [errors, setErrors] = useState<FieldErrors<TopupField>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TopupRequest | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const inFlight = useRef(false);
  const shows = new Set(fieldsForType(state.type));

  const clear = (field: TopupField) =>
    setErrors(({ [field]: _dropped, [FORM]: _form, ...rest }) => rest as FieldErrors<TopupField>);

  const setText = (field: TextField) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const value = event.target.value;
    setState((s) => ({ ...s, [field]: value }));
    clear(field);
  };

  const setType = (event: ChangeEvent<HTMLSelectElement>) => {
    const type = event.target.value as TransferType;
    setState((s) => ({ ...s, type }));
    setErrors({});
  };

  const setProof = (event: ChangeEvent<HTMLInputElement>) => {
    const next = { ...state, to_attach_proof: event.target.files?.[0] ?? null };
    setState(next);
    const problems = checkProof(next);
    clear("to_attach_proof");
    if (problems.length > 0) setErrors((e) => ({ ...e, to_attach_proof: problems }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const checked = checkTopup(state);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setErrors({});
    setResult(null);
    try {
      const { data, error, response } = await client.POST("/topup/request/", { body: checked.body });
      if (data) {
        setResult(data);
        setState((s) => ({ ...s, to_attach_proof: null }));
        setFileKey((k) => k + 1);
      } else if (response.status === 400) {
        const body = error as components["schemas"]["ValidationErrorResponse"] | undefined;
        const next = serverErrorsToFieldErrors(body, state.type);
        if (typeof body?.status_description !== "string") {
          add(next, FORM, "Topup refused the request (HTTP 400); see the message by each field.");
        }
        setErrors(next);
      } else {
        setErrors({ [FORM]: [describeStatus(response.status, error, context)] });
      }
    } catch (thrown) {
      // the client's own request validation cannot refuse what checkTopup, the same validator, passed.
      setErrors({ [FORM]: [describeThrown(thrown, context) ?? "The request was cancelled."] });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const text = (field: TextField, label: string, extra: Record<string, string> = {}, hint?: string) => (
    <Field id={`topup-${field}`} label={label} errors={errors[field]} hint={hint}>
      <input
        {...controlProps(`topup-${field}`, errors[field])}
        value={state[field]}
        onChange={setText(field)}
        autoComplete="off"
        {...extra}
      />
    </Field>
  );

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Top-up request" className="card">
        <h3>New top-up request</h3>
        <div className="grid">
          <Field id="topup-type" label="Type" errors={errors.type}>
            <select {...controlProps("topup-type", errors.type)} value={state.type} onChange={setType}>
              <Options values={TransferTypeValues} labels={TYPE_LABELS} />
            </select>
          </Field>
          {text("amount", "Amount", { inputMode: "numeric" }, "Whole units; the provider refuses less than 100")}
          <Field id="topup-currency" label="Currency" errors={errors.currency}>
            <select
              {...controlProps("topup-currency", errors.currency)}
              value={state.currency}
              onChange={setText("currency")}
            >
              <Options values={TopupCurrencyValues} labels={CURRENCY_LABELS} />
            </select>
          </Field>
          {shows.has("from_bank") ? text("from_bank", "From bank") : null}
          {shows.has("from_account_number") ? text("from_account_number", "From account number") : null}
          {shows.has("from_account_name") ? text("from_account_name", "From account name") : null}
          {shows.has("from_date") ? text("from_date", "Transfer date", { type: "date" }) : null}
          {shows.has("username") ? text("username", "Accept username") : null}
          {shows.has("to_attach_proof") ? (
            <Field
              id="topup-proof"
              label="Proof of transfer"
              errors={errors.to_attach_proof}
              hint={describeProofRule()}
            >
              <input
                {...controlProps("topup-proof", errors.to_attach_proof)}
                key={fileKey}
                type="file"
                accept={PROOF_ACCEPT}
                onChange={setProof}
              />
            </Field>
          ) : null}
        </div>
        <FormErrors errors={errors} />
        <div className="actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? "Uploading…" : "Send top-up request"}
          </button>
        </div>
      </form>
      {result ? <TopupResult request={result} /> : null}
    </>
  );
}
