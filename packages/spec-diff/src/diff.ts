import type { BodyBranchFacts, ComponentSchemaFacts, SchemaFacts } from "@contracts/codegen/registry";
import { type Change, change, operationChanges, type RuleId, ruleChanges } from "./rules.js";
import { checkAssignable, type TypeQuestion } from "./types-check.js";
import type { SpecVersion } from "./versions.js";

/** What changed in one API between two versions, and whether that may ship. */
export interface ApiDiff {
  api: string;
  file: string;
  before: { version: string } | null;
  after: { version: string } | null;
  changes: Change[];
  breaking: number;
  /** The major version went up, so breaking changes are announced. */
  majorRaised: boolean;
  /** No breaking change, or the major version was raised. */
  ok: boolean;
}

const major = (version: string) => Number(/^v?(\d+)/.exec(version)?.[1] ?? Number.NaN);

/** Compares two versions of one API's spec (null: the API did not exist, or no longer does). */
export function diffVersions(alias: string, before: SpecVersion | null, after: SpecVersion | null): ApiDiff {
  const changes: Change[] = [];
  if (!before && after) changes.push(change("api-added", alias, `new API ${after.api.facts.title}`));
  if (before && !after) changes.push(change("api-removed", alias, `${before.api.facts.title} left the registry`));
  if (before && after) changes.push(...compare(before, after));
  const breaking = changes.filter((c) => c.severity === "breaking").length;
  const from = before?.api.facts.version;
  const to = after?.api.facts.version;
  const majorRaised = from !== undefined && to !== undefined && major(to) > major(from);
  return {
    api: alias,
    file: (after ?? before)?.api.specRelativePath ?? "",
    before: from === undefined ? null : { version: from },
    after: to === undefined ? null : { version: to },
    changes,
    breaking,
    majorRaised,
    ok: breaking === 0 || majorRaised,
  };
}

type TypeRule = "request-type" | "response-type";

function compare(before: SpecVersion, after: SpecVersion): Change[] {
  const out: Change[] = [];
  const [old, now] = [before.api, after.api];
  const questions: Array<TypeQuestion & { rule: TypeRule; operationId: string; subject: string }> = [];
  for (const [id, op] of Object.entries(old.operations)) {
    const next = now.operations[id];
    if (!next) {
      out.push(change("operation-removed", `${op.method} ${op.path}`, "removed", id));
      continue;
    }
    const found = operationChanges(op, next);
    out.push(...found);
    const at = (version: "Old" | "New", ...keys: string[]) =>
      `${version}[${JSON.stringify(id)}]${keys.map((k) => `[${JSON.stringify(k)}]`).join("")}`;
    const structural = (...rules: string[]) => found.some((c) => rules.includes(c.rule));
    // requests: the old type must fit the new one; responses: the new type must fit the old one.
    const ask = (rule: TypeRule, subject: string, ...keys: string[]) => {
      const [from, to] = rule === "request-type" ? (["Old", "New"] as const) : (["New", "Old"] as const);
      questions.push({ from: at(from, ...keys), to: at(to, ...keys), rule, operationId: id, subject });
    };
    if (!structural("parameter-added-required", "parameter-removed", "parameter-required")) {
      ask("request-type", "parameters", "parameters");
    }
    if (!structural("request-body-added", "request-body-removed", "request-content-type")) {
      ask("request-type", "request body", "requestBody");
    }
    for (const status of Object.keys(op.responses)) {
      if (status in next.responses) ask("response-type", `status ${status}`, "responses", status);
    }
    const parameters = (v: typeof old) => v.facts.operations[id]?.parameters ?? [];
    for (const p of parameters(now)) {
      const was = parameters(old).find((b) => b.name === p.name && b.in === p.in);
      if (was) out.push(...judged(`${p.in} parameter ${p.name}`, was.schema, p.schema, REQUEST_ONLY, id));
    }
    const branches = (v: typeof old) => (v.facts.operations[id]?.requestBody?.branches ?? []).filter(inline);
    const [forms, nextForms] = [branches(old), branches(now)];
    forms.forEach((form, i) => {
      const next = nextForms[i];
      const owner = `request body${forms.length > 1 ? ` form ${i + 1}` : ""}`;
      if (next) out.push(...fieldRules(owner, form, next, REQUEST_ONLY, id));
    });
  }
  for (const [id, op] of Object.entries(now.operations)) {
    if (!old.operations[id]) out.push(change("operation-added", `${op.method} ${op.path}`, "added", id));
  }
  for (const [name, schema] of Object.entries(old.facts.schemas)) {
    const next = now.facts.schemas[name];
    if (next) out.push(...schemaRules(name, schema, next));
  }
  const answers = checkAssignable(before.types, after.types, questions);
  questions.forEach((q, i) => {
    const why = answers[i];
    if (why == null) return;
    const what =
      q.rule === "request-type"
        ? "a request the old client could send no longer fits"
        : "an answer the new spec allows does not fit the old client";
    out.push(change(q.rule, q.subject, `${what}: ${why}`, q.operationId));
  });
  return out;
}

/** A body form written inside the operation; a named schema's rules are compared once, under its own name. */
const inline = (branch: BodyBranchFacts) => !branch.pointer.startsWith("/components/schemas/");

/** Where a schema is used: its tighter rules break what clients send, its looser ones what they read. */
type Usage = { request: boolean; response: boolean };
const REQUEST_ONLY: Usage = { request: true, response: false };

/** The rule changes of one schema, each with its verdicts for where the schema is used. */
const judged = (subject: string, before: SchemaFacts, after: SchemaFacts, usage: Usage, operationId?: string) =>
  ruleChanges(before, after).flatMap((r) =>
    verdicts(usage, r).map((rule) => change(rule, subject, r.text, operationId)),
  );

function schemaRules(name: string, before: ComponentSchemaFacts, after: ComponentSchemaFacts): Change[] {
  const usage = {
    request: before.usage.request || after.usage.request,
    response: before.usage.response || after.usage.response,
  };
  return [...judged(name, before, after, usage), ...fieldRules(name, before, after, usage)];
}

/** The rule changes of an object's fields, judged by where the object is used. */
function fieldRules(
  owner: string,
  before: Pick<BodyBranchFacts, "properties" | "closed" | "required">,
  after: Pick<BodyBranchFacts, "properties" | "closed" | "required">,
  usage: Usage,
  operationId?: string,
): Change[] {
  const out: Change[] = [];
  for (const p of before.properties) {
    const next = after.properties.find((q) => q.name === p.name);
    const subject = `${owner}.${p.name}`;
    if (!next) {
      if (usage.request && after.closed) out.push(change("request-field-removed", subject, "removed", operationId));
      continue;
    }
    out.push(...judged(subject, p, next, usage, operationId));
  }
  if (usage.request) {
    for (const p of after.properties) {
      if (!before.properties.some((q) => q.name === p.name) && !after.required.includes(p.name)) {
        out.push(change("request-field-added", `${owner}.${p.name}`, "added (optional)", operationId));
      }
    }
  }
  return out;
}

/** The verdicts of one rule change. */
function verdicts(usage: Usage, r: { rule: string; direction: "tighter" | "looser" | "changed" }): RuleId[] {
  const out: RuleId[] = [];
  if (usage.request) out.push(r.direction === "looser" ? "request-rule-loosened" : "request-rule-tightened");
  // enum values a response gains are the checker's to judge (an open enum's type takes them; a closed one's not).
  if (usage.response && r.rule !== "enum")
    out.push(r.direction === "tighter" ? "response-rule-tightened" : "response-rule-loosened");
  return out;
}
