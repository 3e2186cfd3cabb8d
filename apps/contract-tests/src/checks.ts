import { type OperationFacts, pointerSegment, valueAtPointer } from "@contracts/codegen/registry";
import { isRedactedValue } from "@contracts/runtime";
import { checkFiles, errorBodyParts, type FileFieldDescriptor, fieldLabel } from "@contracts/runtime/internal";
import { type Exchange, short } from "./exchange.js";
import { type CheckName, type Finding, schemaName } from "./findings.js";
import { response as documentedResponse, documentedStatus, type SpecContext } from "./spec.js";
import type { SchemaIssue, StrictReader } from "./strict-reader.js";

/** What the checks need: the API's spec, its strict reader, and whether assumed parts only warn. */
export interface CheckContext {
  spec: SpecContext;
  strict: StrictReader;
  explore: boolean;
}

/** What the checks read of an exchange: everything but the live Response, which recorded traffic does not have. */
export type CheckedExchange = Omit<Exchange, "response" | "at">;

/** What a finding says before it is located: the spec pointer it contradicts turns into file, line and source. */
export interface FindingInit {
  check: CheckName;
  rule: string;
  message: string;
  suggestion: string;
  pointer: string | null;
  exchange?: CheckedExchange;
  operationId?: string | null;
  observed?: Finding["observed"];
}

/** A finding, located in the spec and marked seed or assumed (a warning for an assumed part in explore mode). */
export function finding(ctx: CheckContext, init: FindingInit): Finding {
  const assumption = init.pointer === null ? null : ctx.spec.assumption(init.pointer);
  return {
    check: init.check,
    api: ctx.spec.api,
    operationId: init.operationId ?? init.exchange?.operationId ?? null,
    status: init.exchange?.status ?? null,
    rule: init.rule,
    message: init.message,
    suggestion: init.suggestion,
    request: init.exchange?.request ?? null,
    observed: init.observed ?? null,
    spec: init.pointer === null ? null : ctx.spec.locate(init.pointer),
    source: assumption === null ? "seed" : "assumed",
    assumption,
    severity: assumption !== null && ctx.explore ? "warning" : "error",
  };
}

const label = (pointer: string) => (pointer === "" ? "the body" : fieldLabel(pointer));
/** The last segment of a pointer: the field name that decides whether a value is a secret. */
const fieldOf = (pointer: string) => pointer.slice(pointer.lastIndexOf("/") + 1);

/** Status, content type and body (read strictly) of an answer; a body not recorded is checked on the first two. */
export function conformance(
  ctx: CheckContext,
  exchange: CheckedExchange,
  options: { bodyRecorded?: boolean } = {},
): Finding[] {
  const { operationId, status } = exchange;
  if (operationId === null) return [];
  const op = ctx.spec.operation(operationId);
  const recorded = options.bodyRecorded ?? true;
  const documented = Object.keys(ctx.spec.operations[operationId]?.responses ?? {});
  const key = documentedStatus(ctx.spec, operationId, status);
  const seen = exchange.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  // An answer whose body the recording left out still says by its content type that it is not JSON.
  const foreign = recorded
    ? notTheApisJson(exchange, seen)
    : seen && !seen.includes("json")
      ? `a body served as ${seen}, not recorded`
      : null;
  const checkTheUrl = `Check the base URL (a proxy, a framework's error page or another service may have answered) and that the provider serves ${op.method} ${op.path}`;
  if (key === null) {
    const sameClass = documented.find((s) => s[0] === String(status)[0]);
    const pointer = `${op.pointer}/responses${sameClass ? `/${pointerSegment(sameClass)}` : ""}`;
    const undocumented = `HTTP ${status} is not a documented status of ${operationId} (it documents ${documented.join(", ")})`;
    return [
      finding(ctx, {
        check: "status code conformance",
        rule: "status",
        exchange,
        pointer,
        message: foreign
          ? `${undocumented}, and the answer was not the API's JSON but ${foreign} (a wrong base URL or a missing endpoint are the usual causes).`
          : `${undocumented}.`,
        suggestion: foreign
          ? `${checkTheUrl}; document ${status} for ${operationId} only if the provider really answers it this way.`
          : status >= 200 && status < 300
            ? `Document ${status} for ${operationId} beside ${documented.filter((s) => s.startsWith("2")).join(", ")} (the clients already read it as a success), or ask the provider why it answers ${status}.`
            : `Document ${status} for ${operationId} with the body the provider sends, or ask the provider what it means.`,
      }),
    ];
  }
  const response = documentedResponse(op, key);
  const mediaType = response.contentType;
  if (mediaType === null) return [];
  const sameType = mediaType.toLowerCase() === seen;
  const notJson = mediaType.includes("json") && foreign !== null;
  if (!sameType || notJson) {
    return [
      finding(ctx, {
        check: "content-type conformance",
        rule: "content-type",
        exchange,
        pointer: `${response.pointer}/content`,
        observed: { pointer: "", value: seen || "(no content type)" },
        message: notJson
          ? `The answer was not the API's JSON but ${foreign}, where ${operationId} ${key} documents ${mediaType} (a wrong base URL or a missing endpoint are the usual causes).`
          : `The answer came as ${seen || "a body without a content type"}; the spec documents ${mediaType}.`,
        suggestion: notJson
          ? `${checkTheUrl}; document ${seen || "the provider's content type"} for ${operationId} ${key} only if the provider really answers this way.`
          : `Document ${seen || "the provider's content type"} for ${operationId} ${key}, or ask the provider to answer ${mediaType}.`,
      }),
    ];
  }
  const schemaPointer = response.schemaPointer;
  if (schemaPointer === null || !recorded) return [];
  return withoutRedacted(ctx.strict(schemaPointer, exchange.body), exchange.body).map((issue) =>
    issueFinding(ctx, exchange, issue, exchange.body, { side: "response" }),
  );
}

/** One field of a recorded form body: a value, or a file part described without its bytes. */
export interface SentField {
  name: string;
  value?: string;
  /** A file part: its name, type and size as recorded (null when the recording does not say). */
  file?: { fileName: string | null; contentType: string | null; size: number | null };
}

/** What a recorded request carried, as {@link requestConformance} reads it. */
export interface SentRequest {
  /** The path template's parameters as they appear in the path (percent-encoded). */
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** The body's media type without parameters, lower case; null when the request had no body. */
  contentType: string | null;
  body:
    | { kind: "none" }
    | { kind: "json"; value: unknown }
    | { kind: "not-json" }
    | { kind: "form"; fields: SentField[] }
    /** A body of another type, or one the recording left out: only its media type is checked. */
    | { kind: "unread" };
}

/** What a client sent against the spec's parameters, body and file rules; a redacted value is never reported. */
export function requestConformance(ctx: CheckContext, exchange: CheckedExchange, sent: SentRequest): Finding[] {
  const { operationId } = exchange;
  if (operationId === null) return [];
  const op = ctx.spec.operation(operationId);
  const findings: Finding[] = [];
  const fail = (init: Omit<FindingInit, "check" | "exchange">) =>
    findings.push(finding(ctx, { check: "request conformance", exchange, ...init }));
  for (const p of op.facts.parameters) {
    if (p.in !== "path" && p.in !== "query") continue;
    const raw = p.in === "path" ? [decodePathSegment(sent.pathParams[p.name] ?? "")] : sent.query.getAll(p.name);
    const subject = `${p.in} parameter \`${p.name}\``;
    if (raw.length === 0) {
      if (p.required) {
        fail({
          rule: "required",
          pointer: `${p.pointer}/required`,
          observed: { pointer: "" },
          message: `The request has no ${subject}; ${operationId} requires it.`,
          suggestion: `Send \`${p.name}\`, or make it optional in the spec if the provider does without it.`,
        });
      }
      continue;
    }
    if (raw.some(isRedactedValue)) continue;
    const value = p.schema.types.includes("array") ? raw : fromString(raw[0] as string, p.schema.types);
    for (const issue of ctx.strict(`${p.pointer}/schema`, value)) {
      findings.push(
        issueFinding(ctx, exchange, issue, value, {
          side: "request",
          subject,
          schema: `\`${p.name}\``,
          field: p.name,
        }),
      );
    }
  }
  const body = op.facts.requestBody;
  if (!body) return findings;
  const documented = body.contentType.toLowerCase();
  if (sent.body.kind === "none" || sent.contentType === null) {
    if (body.required) {
      fail({
        rule: "required",
        pointer: `${body.pointer}/required`,
        message: `The request has no body; ${operationId} requires one (${body.contentType}).`,
        suggestion: `Send the ${body.contentType} body the spec documents, or make it optional if the provider does without it.`,
      });
    }
    return findings;
  }
  if (sent.contentType !== documented || sent.body.kind === "not-json") {
    const what = sent.body.kind === "not-json" ? `${sent.contentType} that is not JSON` : sent.contentType;
    fail({
      rule: "content-type",
      pointer: `${body.pointer}/content`,
      observed: { pointer: "", value: sent.contentType },
      message: `The request body came as ${what}; ${operationId} documents ${body.contentType}.`,
      suggestion: `Send ${body.contentType} as the spec documents, or document ${sent.contentType} for ${operationId} if the provider accepts it.`,
    });
    return findings;
  }
  if (sent.body.kind === "unread") return findings;
  const value = sent.body.kind === "json" ? sent.body.value : formValue(sent.body.fields, body);
  for (const issue of withoutRedacted(bodyIssues(ctx, body, value), value)) {
    findings.push(issueFinding(ctx, exchange, issue, value, { side: "request" }));
  }
  if (sent.body.kind === "form") {
    for (const [field, rule] of Object.entries(op.requestBody?.files ?? {})) {
      const part = sent.body.fields.find((f) => f.name === field);
      if (part) findings.push(...fileFindings(ctx, exchange, body, field, rule, part));
    }
  }
  return findings;
}

type RequestBodyFacts = NonNullable<OperationFacts["requestBody"]>;

/** The body's issues; a discriminated body that matches no form is read against the form its discriminator names. */
function bodyIssues(ctx: CheckContext, body: RequestBodyFacts, value: unknown): SchemaIssue[] {
  const issues = ctx.strict(body.schemaPointer, value);
  const root = issues.findIndex((i) => i.instancePath === "" && (i.keyword === "oneOf" || i.keyword === "anyOf"));
  const discriminator = body.discriminator;
  if (root === -1 || discriminator === null || typeof value !== "object" || value === null) return issues;
  const chosen = (value as Json)[discriminator.propertyName];
  const branch = body.branches.find((b) =>
    b.properties.some((p) => p.name === discriminator.propertyName && (p.const === chosen || p.enum?.includes(chosen))),
  );
  if (!branch) return issues;
  return [...issues.filter((_, i) => i !== root), ...ctx.strict(branch.pointer, value)];
}

/** A form's fields as the schema reads them: strings turned into the declared types, a file part as its name. */
function formValue(fields: readonly SentField[], body: RequestBodyFacts): Json {
  const types = new Map<string, string[]>();
  for (const branch of body.branches) {
    for (const p of branch.properties) types.set(p.name, [...(types.get(p.name) ?? []), ...p.types]);
  }
  const value: Json = {};
  for (const field of fields) {
    if (Object.hasOwn(value, field.name)) continue;
    value[field.name] = field.file
      ? (field.file.fileName ?? "(file)")
      : fromString(field.value ?? "", types.get(field.name) ?? ["string"]);
  }
  return value;
}

type Json = Record<string, unknown>;

/** A query or form string as the type the spec declares for it, when it reads as one; else the string itself. */
function fromString(text: string, types: readonly string[]): unknown {
  if (types.length === 0 || types.includes("string")) return text;
  if (types.includes("integer") && /^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (types.includes("number") && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  if (types.includes("null") && text === "null") return null;
  return text;
}

const decodePathSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** A file part as a recording describes it: its size and media type, never its bytes. */
function recordedFile(file: NonNullable<SentField["file"]>): Blob {
  const blob = new Blob([], { type: file.contentType ?? "" });
  Object.defineProperty(blob, "size", { value: file.size ?? 0 });
  return blob;
}

/** The operation's file rules (the table's `x-max-bytes`, `x-content-types`) on what was recorded of one part. */
function fileFindings(
  ctx: CheckContext,
  exchange: CheckedExchange,
  body: RequestBodyFacts,
  field: string,
  rule: FileFieldDescriptor,
  part: SentField,
): Finding[] {
  const value = part.file ? recordedFile(part.file) : (part.value ?? "");
  // A size the recording does not give is not checked: only what was recorded is.
  const known = part.file?.size === null ? { ...rule, maxBytes: null } : rule;
  const property = body.branches.flatMap((b) => b.properties).find((p) => p.name === field && p.binary);
  const at = (keyword: string) => {
    const pointer = property ? `${property.pointer}/${keyword}` : body.schemaPointer;
    return valueAtPointer(ctx.spec.document, pointer) === undefined
      ? (property?.pointer ?? body.schemaPointer)
      : pointer;
  };
  return checkFiles({ [field]: value }, { [field]: known }).map((issue) => {
    const where = { maxBytes: "x-max-bytes", contentType: "x-content-types" }[issue.keyword] ?? "format";
    const seen =
      issue.keyword === "maxBytes"
        ? part.file?.size
        : issue.keyword === "contentType"
          ? part.file?.contentType
          : "a text field";
    return finding(ctx, {
      check: "request conformance",
      rule: where,
      exchange,
      pointer: at(where),
      observed: { pointer: `/${pointerSegment(field)}`, value: seen ?? null },
      message: `The request's ${issue.message}`,
      suggestion:
        issue.keyword === "type"
          ? `Send \`${field}\` as a file part, as the spec documents.`
          : `The client sent a file the spec refuses: check it before the upload (the generated validators do), or change ${where} in the spec if the provider accepts such files.`,
    });
  });
}

/** What an answer that is not JSON was, for a message ("an HTML page served as text/html"), or null for JSON. */
function notTheApisJson(exchange: CheckedExchange, contentType: string): string | null {
  if (exchange.json) return null;
  const text = typeof exchange.body === "string" ? exchange.body : "";
  const type = contentType ? ` served as ${contentType}` : "";
  if (text.trim() === "") return `an empty body${type}`;
  if (contentType === "text/html" || /^\s*<(!doctype|html|head|body|title)\b/i.test(text.slice(0, 256))) {
    return `an HTML page${type}`;
  }
  return `${text.length.toLocaleString("en-US")} characters that are not JSON${type}`;
}

/** A schema issue as a finding: located at the failing keyword, with the value seen (a secret never shown). */
function issueFinding(
  ctx: CheckContext,
  exchange: CheckedExchange,
  issue: SchemaIssue,
  instance: unknown,
  words: Words,
): Finding {
  const value = valueAtPointer(instance, issue.instancePath);
  const described = describeIssue(issue, value, words);
  // An unknown field is observed where it is, not as the whole object that holds it.
  const at =
    issue.keyword === "additionalProperties"
      ? `${issue.instancePath}/${pointerSegment(String(issue.params.additionalProperty))}`
      : issue.instancePath;
  const seen = at === issue.instancePath ? value : valueAtPointer(instance, at);
  const shown = seen === undefined ? undefined : short(at === "" ? (words.field ?? "") : fieldOf(at), seen);
  return finding(ctx, {
    check: words.side === "request" ? "request conformance" : "response schema conformance",
    rule: issue.keyword,
    exchange,
    pointer: issue.schemaPointer,
    observed: { pointer: at, ...(shown === undefined ? {} : { value: shown }) },
    message: described.problem,
    suggestion: described.fix,
  });
}

/** The issues not about a value a recorder replaced, nor a oneOf/anyOf holding one: what was sent is unknown. */
function withoutRedacted(issues: SchemaIssue[], instance: unknown): SchemaIssue[] {
  if (issues.length === 0) return issues;
  const redacted = redactedPointers(instance);
  if (redacted.length === 0) return issues;
  const composite = new Set(["oneOf", "anyOf", "not", "if", "then", "else", "contains"]);
  return issues.filter((issue) => {
    const at = issue.instancePath;
    const choice = composite.has(issue.keyword);
    return !redacted.some((r) => r === at || at.startsWith(`${r}/`) || (choice && r.startsWith(`${at}/`)));
  });
}

/** The pointers of the redaction markers in a value (at most a thousand, walking at most 64 levels). */
function redactedPointers(value: unknown, at = "", found: string[] = [], depth = 0): string[] {
  if (isRedactedValue(value)) found.push(at);
  else if (typeof value === "object" && value !== null && depth < 64 && found.length < 1000) {
    for (const [key, child] of Object.entries(value))
      redactedPointers(child, `${at}/${pointerSegment(key)}`, found, depth + 1);
  }
  return found;
}

/** Whose schema was broken (the provider's answer or the client's request), which picks the check and the fix. */
interface Words {
  side: "response" | "request";
  /** What the instance is when it is not a body (`query parameter \`page\``). */
  subject?: string;
  /** The schema's name when the spec gives it none (an inline parameter schema). */
  schema?: string;
  /** The field's name when the instance is one value (a parameter), to tell whether it is a secret. */
  field?: string;
}

/** The keywords that bound a number, a string's length or an array's size. */
const RANGE = /^(m(in|ax)(imum|Length|Items)|exclusiveM(in|ax)imum)$/;

/** A schema error as a problem and a fix, naming the schema (`OperationStatus`, `Account.balance`) it breaks. */
function describeIssue(issue: SchemaIssue, value: unknown, words: Words): { problem: string; fix: string } {
  const { keyword, params, schemaPointer, instancePath } = issue;
  const owner = schemaPointer.slice(0, schemaPointer.lastIndexOf("/"));
  const name = words.schema ?? `\`${schemaName(owner)}\``;
  const field = instancePath === "" && words.subject ? words.subject : label(instancePath);
  const key = instancePath === "" ? (words.field ?? "") : fieldOf(instancePath);
  const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(short(key, v)));
  const kind = RANGE.test(keyword) ? "range" : keyword;
  const sent = show(value);
  return { problem: problem(), fix: words.side === "request" ? requestFix() : responseFix() };

  /** What is wrong with the value, in a sentence that fits a request and an answer alike. */
  function problem(): string {
    switch (kind) {
      case "enum":
        return `${field} is ${sent}, which ${name} does not list (${(params.allowedValues as unknown[]).join(", ")}).`;
      case "const":
        return `${field} is ${sent}; ${name} is always ${show(params.allowedValue)}.`;
      case "required":
        return `${field} is missing; ${name} requires it.`;
      case "additionalProperties":
        return `${field} has \`${String(params.additionalProperty)}\`, which ${name} does not allow.`;
      case "type":
        return `${field} is ${sent} (${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}); ${name} is declared ${String(params.type)}.`;
      case "format":
        return `${field} is ${sent}, which is not a valid ${String(params.format)}.`;
      case "pattern":
        return `${field} is ${sent}, which does not match ${name}'s pattern ${String(params.pattern)}.`;
      case "range":
        return `${field} is ${sent}, outside ${name}'s ${keyword} of ${String(params.limit)}.`;
      case "oneOf":
      case "anyOf":
        return `${field} matches none of ${name}'s forms.`;
      default:
        return `${field} breaks ${name}'s ${keyword} rule (${JSON.stringify(params)}).`;
    }
  }

  /** The spec change that would accept what the provider answered. */
  function responseFix(): string {
    switch (kind) {
      case "enum":
        return `${name} lacks ${sent}; the provider sends it. Add it to the enum (and, for a status, to x-transitions or x-terminal-values), or ask the provider what it means.`;
      case "const":
        return `${name} is the constant ${show(params.allowedValue)} but the provider sent ${sent}: widen it to what the provider sends.`;
      case "required": {
        const missing = String(params.missingProperty);
        return `${name} requires \`${missing}\`, but the provider left it out: make \`${missing}\` optional if the provider really omits it, or ask the provider.`;
      }
      case "type":
        return `${name} is declared ${String(params.type)}, but the provider sent ${sent}: change its type (or allow null) if that is what the provider means.`;
      case "format":
        return `${name} must be a ${String(params.format)}, but the provider sent ${sent}: relax the format, or ask the provider.`;
      case "pattern":
        return `${name} must match ${String(params.pattern)}, but the provider sent ${sent}: widen the pattern if that form is legitimate.`;
      case "range":
        return `${name} has ${keyword} ${String(params.limit)}, but the provider sent ${sent}: relax the limit if the provider means it.`;
      case "additionalProperties":
        return `${name} allows no \`${String(params.additionalProperty)}\`, but the provider sends it: add it to ${name}, or ask the provider what it is.`;
      case "oneOf":
      case "anyOf":
        return `${name} allows none of what the provider sent (${sent}): add that form.`;
      default:
        return `Check ${name}'s ${keyword} against what the provider sent (${sent}).`;
    }
  }

  /** The client change that would follow the spec, or the spec change that would accept what the client sent. */
  function requestFix(): string {
    switch (kind) {
      case "required": {
        const missing = String(params.missingProperty);
        return `${name} requires \`${missing}\`, but the client left it out: send it, or make \`${missing}\` optional if the provider does without it.`;
      }
      case "additionalProperties": {
        const extra = String(params.additionalProperty);
        return `${name} allows no \`${extra}\`, but the client sent it: stop sending it, or add \`${extra}\` to ${name} if the provider reads it.`;
      }
      case "oneOf":
      case "anyOf":
        return `The client sent ${sent}, which is none of ${name}'s forms: fix the client, or add that form if the provider accepts it.`;
      default:
        return `The client sent ${sent}, which ${name}'s ${keyword} refuses: fix the client, or relax the ${keyword} if the provider accepts it.`;
    }
  }
}

/** What a case expects of its answer's status: a success, a client error, a 401, or one exact documented status. */
export type Expectation =
  | { kind: "success" }
  | { kind: "client-error"; rule: string; pointer: string; what: string }
  | { kind: "unauthorized" }
  | { kind: "status"; status: string };

/** Whether the answer has the status the case expects; a finding under the case's check when it has not. */
export function expectation(
  ctx: CheckContext,
  check: CheckName,
  expected: Expectation,
  exchange: Exchange,
  what: string,
): Finding[] {
  const { status } = exchange;
  const op = exchange.operationId ? ctx.spec.operation(exchange.operationId) : null;
  const reason = errorSummary(exchange.body);
  const fail = (rule: string, pointer: string | null, message: string, suggestion: string) => [
    finding(ctx, { check, rule, exchange, pointer, message, suggestion }),
  ];
  switch (expected.kind) {
    case "success":
      if (status >= 200 && status < 300) return [];
      return fail(
        "status",
        op ? (op.facts.requestBody?.pointer ?? op.pointer) : null,
        `A valid request was refused with HTTP ${status}${reason} (case: ${what}).`,
        `The request follows the spec, so either the spec's rules are stricter than the provider's (compare the provider's answer) or the provider needs data the suite does not have (an account, credentials).`,
      );
    case "client-error":
      if (status >= 400 && status < 500) return [];
      return fail(
        expected.rule,
        expected.pointer,
        status < 400
          ? `The provider accepted ${expected.what} with HTTP ${status}.`
          : `The provider answered ${expected.what} with HTTP ${status}, not a 4xx${reason}.`,
        status < 400
          ? `The spec refuses it but the provider does not: loosen that rule in the spec if the provider really accepts it, or tell the provider it does not validate.`
          : `Bad input should be refused with a documented 4xx; tell the provider it fails on it.`,
      );
    case "unauthorized":
      if (status === 401) return [];
      return fail(
        "401",
        op?.facts.securityPointer ?? "/security",
        `A request ${exchange.request.auth === "no token" ? "without a token" : "with a wrong token or secret"} was answered with HTTP ${status}, not 401.`,
        status < 400
          ? `The operation is secured in the spec but the provider served it without a valid token: fix its security, or the spec's if the operation is public.`
          : `The spec documents 401 for a missing or wrong token; document ${status} if that is what the provider answers.`,
      );
    case "status":
      if (documentedStatus(ctx.spec, exchange.operationId ?? "?", status) === expected.status) return [];
      return fail(
        "status",
        op ? `${op.pointer}/responses/${pointerSegment(expected.status)}` : null,
        `HTTP ${status} came where the case expects ${expected.status} (case: ${what}).`,
        `Check that the provider can answer the documented ${expected.status} as the spec shows it.`,
      );
  }
}

/** A short reason from an error body (its code, message or detail), for messages. */
function errorSummary(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as Record<string, unknown>;
  const parts = errorBodyParts(body);
  if (typeof b.status_description === "string") parts.push(b.status_description);
  else if (typeof b.status_description === "object" && b.status_description !== null) {
    parts.push(JSON.stringify(b.status_description).slice(0, 120));
  }
  return parts.length ? ` (${parts.join(": ")})` : "";
}
