import type { HTMLAttributes, ReactNode } from "react";
import { type FieldErrors, FORM } from "./field-errors";

/** The accessibility wiring of a control: its id, whether it is invalid, and the id of its error text. */
export function controlProps(id: string, errors: readonly string[] | undefined) {
  const invalid = errors !== undefined && errors.length > 0;
  return {
    id,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${id}-error` : undefined,
  } as const;
}

/** A labelled control with its hint and its error messages right below it. */
export function Field(props: {
  id: string;
  label: string;
  errors?: readonly string[] | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const { id, label, errors, hint, children } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <small className="hint">{hint}</small> : null}
      {errors && errors.length > 0 ? (
        <ul className="field-error" id={`${id}-error`} data-field-error={id}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The messages that belong to no single field, announced to screen readers. */
export function FormErrors({ errors }: { errors: FieldErrors }) {
  const list = errors[FORM];
  if (!list || list.length === 0) return null;
  return (
    <Alert>
      {list.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </Alert>
  );
}

/** A one-message alert (failed loads, failed look-ups). */
export function Alert({ children }: { children: ReactNode }) {
  return (
    <div className="alert" role="alert">
      {children}
    </div>
  );
}

/** The options of a select: each value shown by its label, or as itself. */
export function Options({ values, labels }: { values: readonly string[]; labels?: Readonly<Record<string, string>> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels?.[value] ?? value}
    </option>
  ));
}

/** A term and its value in a summary list; nothing when there is no value. */
export function Fact({
  term,
  children,
  ...value
}: { term: ReactNode; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  if (children === undefined || children === null || children === "") return null;
  return (
    <>
      <dt>{term}</dt>
      <dd {...value}>{children}</dd>
    </>
  );
}

/** A status as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
