import type { Account, UpmobileClient } from "@contracts/upmobile";
import { CategoryCodeValues, CurrencyCodeValues, RegionCodeValues } from "@contracts/upmobile/spec";
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useMemo, useState } from "react";
import type { ApiContext } from "../shared/api-errors";
import { type FieldErrors, FORM } from "../shared/field-errors";
import { controlProps, Field, FormErrors, Options } from "../shared/ui";
import { OperationProgress } from "./OperationProgress";
import { PreviewBox } from "./PreviewBox";
import { usePreview } from "./usePreview";
import { useWithdrawal } from "./useWithdrawal";
import {
  checkWithdrawal,
  formatMoney,
  initialWithdrawalState,
  type WithdrawalField,
  type WithdrawalFormState,
} from "./withdrawal-logic";

/** The withdrawal form: a live preview while typing, then one `InitWithdrawal` followed to a terminal status. */
export function WithdrawalForm(props: {
  client: UpmobileClient;
  context: ApiContext;
  accounts: readonly Account[];
  onSettled: () => void;
}) {
  const { client, context, accounts, onSettled } = props;
  const [form, setForm] = useState<WithdrawalFormState>(() => initialWithdrawalState());
  const [errors, setErrors] = useState<FieldErrors<WithdrawalField>>({});
  const withdrawal = useWithdrawal(client, context, onSettled);

  const firstAccount = accounts.find((a) => a.status === "active") ?? accounts[0];
  useEffect(() => {
    if (firstAccount && form.account_id === "") setForm((f) => ({ ...f, account_id: firstAccount.id }));
  }, [firstAccount, form.account_id]);

  const { amount, category_code, currency_code, operator_code, region_code } = form;
  const previewInput = useMemo(
    () => ({ amount, category_code, currency_code, operator_code, region_code }),
    [amount, category_code, currency_code, operator_code, region_code],
  );
  const preview = usePreview(client, context, previewInput);
  const liveErrors = preview.status === "invalid" || preview.status === "error" ? preview.errors : {};
  const shown = (field: WithdrawalField) => errors[field] ?? liveErrors[field];

  const set = (field: WithdrawalField) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [field]: _dropped, [FORM]: _form, ...rest }) => rest as FieldErrors<WithdrawalField>);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (withdrawal.busy) return;
    const checked = checkWithdrawal(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const serverErrors = await withdrawal.submit(checked.body);
    if (serverErrors) setErrors(serverErrors);
  };

  // Each control's id is the field's first word: `withdrawal-account`, `withdrawal-amount`.
  const id = (field: WithdrawalField) => `withdrawal-${field.split("_")[0]}`;
  const select = (field: WithdrawalField, label: string, options: ReactNode) => (
    <Field id={id(field)} label={label} errors={shown(field)}>
      <select {...controlProps(id(field), shown(field))} value={form[field]} onChange={set(field)}>
        {options}
      </select>
    </Field>
  );
  const input = (
    field: WithdrawalField,
    label: string,
    hint: string,
    extra: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <Field id={id(field)} label={label} errors={shown(field)} hint={hint}>
      <input
        {...controlProps(id(field), shown(field))}
        value={form[field]}
        onChange={set(field)}
        autoComplete="off"
        {...extra}
      />
    </Field>
  );

  const busyLabel = withdrawal.progress?.phase === "following" ? "Following…" : "Sending…";
  return (
    <section aria-labelledby="withdrawal-heading" className="card">
      <h3 id="withdrawal-heading">New withdrawal</h3>
      <form onSubmit={submit} noValidate aria-label="New withdrawal">
        <div className="grid">
          {select(
            "account_id",
            "Account",
            accounts.length === 0 ? (
              <option value="">No accounts loaded</option>
            ) : (
              accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name} — {formatMoney(account.balance, account.currency_code)}
                </option>
              ))
            ),
          )}
          {select("category_code", "Category", <Options values={CategoryCodeValues} />)}
          {input("operator_code", "Operator", "e.g. beeline, mts", { spellCheck: false })}
          {select("region_code", "Region", <Options values={RegionCodeValues} />)}
          {select("currency_code", "Currency", <Options values={CurrencyCodeValues} />)}
          {input("destination", "Destination", "Phone number or wallet")}
          {input("amount", "Amount", "A decimal such as 100.00", { inputMode: "decimal" })}
        </div>
        <PreviewBox preview={preview} />
        <FormErrors errors={errors} />
        <div className="actions">
          <button type="submit" disabled={withdrawal.busy} aria-busy={withdrawal.busy}>
            {withdrawal.busy ? busyLabel : "Withdraw"}
          </button>
          {withdrawal.progress?.phase === "following" ? (
            <button type="button" className="secondary" onClick={withdrawal.stop}>
              Stop following
            </button>
          ) : null}
        </div>
      </form>
      {withdrawal.progress ? <OperationProgress progress={withdrawal.progress} /> : null}
    </section>
  );
}
