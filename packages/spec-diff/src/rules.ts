import type { SchemaFacts } from "@contracts/codegen/registry";
import type { OperationDescriptor } from "@contracts/runtime/internal";

/** Whether a change breaks the clients generated from the spec (see RULES). */
export type Severity = "breaking" | "non-breaking";

/**
 * Every rule the diff applies, with its verdict for the clients of this repository. Requests are what the clients
 * send, so a request that was valid must stay valid; responses are what they read, so every answer the new spec
 * allows must be one the old clients handle. TypeScript's checker answers that for the types (`request-type`,
 * `response-type`); the other rules cover what types cannot see.
 */
export const RULES = {
  "api-added": "non-breaking",
  "api-removed": "breaking",
  "operation-added": "non-breaking",
  "operation-removed": "breaking", // renamed too: its operationId changed
  "operation-moved": "breaking",
  "parameter-added-required": "breaking",
  "parameter-added-optional": "non-breaking",
  "parameter-removed": "breaking",
  "parameter-required": "breaking",
  "parameter-optional": "non-breaking",
  "request-body-added": "breaking",
  "request-body-removed": "breaking",
  "request-content-type": "breaking",
  "request-field-removed": "breaking", // requests are closed: the field is refused
  "request-field-added": "non-breaking",
  "request-type": "breaking",
  "request-rule-tightened": "breaking",
  "request-rule-loosened": "non-breaking",
  "file-limit-lowered": "breaking",
  "file-limit-raised": "non-breaking",
  "file-type-removed": "breaking",
  "file-type-added": "non-breaking",
  "response-status-removed": "breaking",
  "response-status-added": "non-breaking",
  "response-content-type": "breaking",
  "response-type": "breaking",
  "response-rule-loosened": "breaking", // a format, pattern or limit allows what old clients' validation refuses
  "response-rule-tightened": "non-breaking", // old clients read every answer the new rule allows
  "security-added": "breaking",
  "security-removed": "non-breaking",
  "moves-money": "non-breaking", // whether it is retried changes
} as const satisfies Record<string, Severity>;

export type RuleId = keyof typeof RULES;

/** One change between two versions of a spec. */
export interface Change {
  rule: RuleId;
  severity: Severity;
  /** The operation it concerns, when one does. */
  operationId?: string;
  /** What changed, e.g. `query parameter page_size`, `WithdrawalRequest.amount`. */
  subject: string;
  message: string;
}

export const change = (rule: RuleId, subject: string, message: string, operationId?: string): Change => ({
  rule,
  severity: RULES[rule],
  subject,
  message,
  ...(operationId === undefined ? {} : { operationId }),
});

/** How a rule moved: `tighter` allows less than before, `looser` more, `changed` neither or both. */
type Direction = "tighter" | "looser" | "changed";

/**
 * The rule changes of one schema (a parameter's, a field's) that types cannot see: format, pattern, bounds, lengths,
 * constants and enum values (an open enum's type is any string, so its values are not in the types), each with the
 * way it moved.
 */
export function ruleChanges(before: SchemaFacts, after: SchemaFacts) {
  const out: Array<{ rule: string; direction: Direction; text: string }> = [];
  const show = (v: unknown) => (v === undefined ? "none" : JSON.stringify(v));
  const text = (name: string, a: unknown, b: unknown) => `${name} ${show(a)} → ${show(b)}`;
  for (const key of ["format", "pattern", "const"] as const) {
    const [a, b] = [before[key], after[key]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push({
      rule: key,
      direction: a === undefined ? "tighter" : b === undefined ? "looser" : "changed",
      text: text(key, a, b),
    });
  }
  for (const key of ["minimum", "minLength", "maximum", "maxLength"] as const) {
    const [a, b] = [before[key], after[key]];
    if (a === b) continue;
    const tighter = a === undefined ? true : b === undefined ? false : key.startsWith("min") ? b > a : b < a;
    out.push({ rule: key, direction: tighter ? "tighter" : "looser", text: text(key, a, b) });
  }
  const [a, b] = [before.enum, after.enum];
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const lost = (a ?? []).filter((v) => !(b ?? []).includes(v));
    const gained = (b ?? []).filter((v) => !(a ?? []).includes(v));
    const direction: Direction =
      a === undefined
        ? "tighter"
        : b === undefined
          ? "looser"
          : lost.length && gained.length
            ? "changed"
            : lost.length
              ? "tighter"
              : "looser";
    out.push({ rule: "enum", direction, text: `enum lost ${show(lost)}, gained ${show(gained)}` });
  }
  // a change of type is the checker's to find (request-type, response-type).
  return out;
}

/** The parameter and file changes of one operation present in both versions, from the operation tables. */
export function operationChanges(before: OperationDescriptor, after: OperationDescriptor): Change[] {
  const id = before.operationId;
  const out: Change[] = [];
  if (before.method !== after.method || before.path !== after.path) {
    out.push(
      change("operation-moved", `${before.method} ${before.path}`, `moved to ${after.method} ${after.path}`, id),
    );
  }
  for (const where of ["path", "query", "header"] as const) {
    const old = new Map(before.parameters[where].map((p) => [p.name, p]));
    const now = new Map(after.parameters[where].map((p) => [p.name, p]));
    for (const [name, p] of now) {
      const subject = `${where} parameter ${name}`;
      const was = old.get(name);
      if (!was)
        out.push(change(p.required ? "parameter-added-required" : "parameter-added-optional", subject, "added", id));
      else if (!was.required && p.required) out.push(change("parameter-required", subject, "now required", id));
      else if (was.required && !p.required) out.push(change("parameter-optional", subject, "now optional", id));
    }
    for (const name of old.keys()) {
      if (!now.has(name)) out.push(change("parameter-removed", `${where} parameter ${name}`, "removed", id));
    }
  }
  const [a, b] = [before.requestBody, after.requestBody];
  if (!a && b?.required) out.push(change("request-body-added", "request body", "now required", id));
  if (a && !b) out.push(change("request-body-removed", "request body", "removed", id));
  if (a && b && a.contentType !== b.contentType) {
    out.push(change("request-content-type", "request body", `${a.contentType} → ${b.contentType}`, id));
  }
  for (const [field, rule] of Object.entries(b?.files ?? {})) {
    const was = a?.files[field];
    if (!was) continue;
    const [x, y] = [was.maxBytes ?? Number.POSITIVE_INFINITY, rule.maxBytes ?? Number.POSITIVE_INFINITY];
    if (y < x)
      out.push(change("file-limit-lowered", `file ${field}`, `at most ${was.maxBytes} → ${rule.maxBytes} bytes`, id));
    if (y > x)
      out.push(
        change("file-limit-raised", `file ${field}`, `at most ${was.maxBytes} → ${rule.maxBytes ?? "any"} bytes`, id),
      );
    for (const type of was.contentTypes) {
      if (!rule.contentTypes.includes(type))
        out.push(change("file-type-removed", `file ${field}`, `no longer takes ${type}`, id));
    }
    for (const type of rule.contentTypes) {
      if (!was.contentTypes.includes(type))
        out.push(change("file-type-added", `file ${field}`, `now takes ${type}`, id));
    }
  }
  // a status now covered by a range (`5XX`) or `default` is still documented, and read with that schema.
  const covered = (status: string) =>
    status in after.responses || `${status[0]}XX` in after.responses || "default" in after.responses;
  for (const status of Object.keys(before.responses)) {
    if (!covered(status)) out.push(change("response-status-removed", `status ${status}`, "no longer documented", id));
    else if (
      status in after.responses &&
      before.responses[status]?.contentType !== after.responses[status]?.contentType
    ) {
      const text = `${before.responses[status]?.contentType} → ${after.responses[status]?.contentType}`;
      out.push(change("response-content-type", `status ${status}`, text, id));
    }
  }
  for (const status of Object.keys(after.responses)) {
    if (!(status in before.responses))
      out.push(change("response-status-added", `status ${status}`, "newly documented", id));
  }
  if (!before.secured && after.secured) out.push(change("security-added", "security", "now needs credentials", id));
  if (before.secured && !after.secured)
    out.push(change("security-removed", "security", "no longer needs credentials", id));
  if (before.movesMoney !== after.movesMoney) {
    out.push(
      change(
        "moves-money",
        "x-moves-money",
        after.movesMoney ? "now moves money: never retried" : "no longer moves money",
        id,
      ),
    );
  }
  return out;
}
