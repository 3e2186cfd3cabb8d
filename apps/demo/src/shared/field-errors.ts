import type { ValidationIssue } from "@contracts/runtime";

/** Messages per form field; `FORM` holds the ones that belong to no single field. */
export type FieldErrors<Field extends string = string> = Partial<Record<Field | typeof FORM, string[]>>;

/** The key of form-level messages. */
export const FORM = "_form";

/**
 * Validator issues as messages per field, named by their path's first segment (`/from_bank`); a path naming no field
 * the form shows (the root included) becomes a form-level message.
 */
export function issuesToFieldErrors<Field extends string>(
  issues: readonly ValidationIssue[],
  fields: readonly Field[],
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const issue of issues) add(errors, fieldOf(issue.path.split("/")[1], fields), issue.message);
  return errors;
}

/** The form's field of that name, or FORM when the form has none. */
export function fieldOf<Field extends string>(name: string | undefined, fields: readonly Field[]): Field | typeof FORM {
  return (fields as readonly (string | undefined)[]).includes(name) ? (name as Field) : FORM;
}

/** Adds one message under a key, skipping repeats. */
export function add<Field extends string>(errors: FieldErrors<Field>, key: Field | typeof FORM, message: string) {
  const list = errors[key] ?? [];
  if (!list.includes(message)) errors[key] = [...list, message];
}
