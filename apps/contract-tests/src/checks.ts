import { pointerSegment, valueAtPointer } from "@contracts/codegen";
import { fieldLabel } from "@contracts/runtime/validation";
import type { Exchange } from "./exchange.js";
import { type CheckName, type Finding, schemaName } from "./findings.js";
import { response as documentedResponse, documentedStatus, type SpecContext } from "./spec.js";
import type { StrictReader } from "./strict-reader.js";

/** What the checks need: the API's spec, its strict reader, and whether assumed parts only warn. */
export interface CheckContext {
  spec: SpecContext;
  strict: StrictReader;
  explore: boolean;
}

/** What a finding says before it is located: the spec pointer it contradicts turns into file, line and source. */
export interface FindingInit {
  check: CheckName;
  rule: string;
  message: string;
  suggestion: string;
  pointer: string | null;
  exchange?: Exchange;
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

const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));
const label = (pointer: string) => (pointer === "" ? "the body" : fieldLabel(pointer));

/**
 * The conformance checks every answer gets (after Schemathesis): its status is documented for the operation, its
 * content type is the documented one, and its body follows the documented schema read strictly.
 */
export function conformance(ctx: CheckContext, exchange: Exchange): Finding[] {
  const { operationId, status } = exchange;
  if (operationId === null) return [];
  const op = ctx.spec.operation(operationId);
  const documented = Object.keys(ctx.spec.operations[operationId]?.responses ?? {});
  const key = documentedStatus(ctx.spec, operationId, status);
  if (key === null) {
    const sameClass = documented.find((s) => s[0] === String(status)[0]);
    const pointer = `${op.pointer}/responses${sameClass ? `/${pointerSegment(sameClass)}` : ""}`;
    return [
      finding(ctx, {
        check: "status code conformance",
        rule: "status",
        exchange,
        pointer,
        message: `HTTP ${status} is not a documented status of ${operationId} (it documents ${documented.join(", ")}).`,
        suggestion:
          status >= 200 && status < 300
            ? `Document ${status} for ${operationId} beside ${documented.filter((s) => s.startsWith("2")).join(", ")} (the clients already read it as a success), or ask the provider why it answers ${status}.`
            : `Document ${status} for ${operationId} with the body the provider sends, or ask the provider what it means.`,
      }),
    ];
  }
  const response = documentedResponse(op, key);
  const mediaType = response.contentType;
  if (mediaType === null) return [];
  const seen = exchange.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const sameType = mediaType.toLowerCase() === seen;
  if (!sameType || (mediaType.includes("json") && !exchange.json)) {
    return [
      finding(ctx, {
        check: "content-type conformance",
        rule: "content-type",
        exchange,
        pointer: `${response.pointer}/content`,
        observed: { pointer: "", value: seen || "(no content type)" },
        message: sameType
          ? `The answer says ${seen} but its body is not JSON.`
          : `The answer came as ${seen || "a body without a content type"}; the spec documents ${mediaType}.`,
        suggestion: `Document ${seen || "the provider's content type"} for ${operationId} ${key}, or ask the provider to answer ${mediaType}.`,
      }),
    ];
  }
  const schemaPointer = response.schemaPointer;
  if (schemaPointer === null) return [];
  return ctx.strict(schemaPointer, exchange.body).map((issue) => {
    const value = valueAtPointer(exchange.body, issue.instancePath);
    const words = describeIssue(issue.keyword, issue.params, issue.schemaPointer, issue.instancePath, value);
    return finding(ctx, {
      check: "response schema conformance",
      rule: issue.keyword,
      exchange,
      pointer: issue.schemaPointer,
      observed: { pointer: issue.instancePath, ...(value === undefined ? {} : { value }) },
      message: words.problem,
      suggestion: words.fix,
    });
  });
}

/** A schema error as a problem and a fix, naming the schema (`OperationStatus`, `Account.balance`) it breaks. */
function describeIssue(
  keyword: string,
  params: Record<string, unknown>,
  schemaPointer: string,
  instancePath: string,
  value: unknown,
): { problem: string; fix: string } {
  const owner = schemaPointer.slice(0, schemaPointer.lastIndexOf("/"));
  const name = `\`${schemaName(owner)}\``;
  const field = label(instancePath);
  switch (keyword) {
    case "enum":
      return {
        problem: `${field} is ${show(value)}, which ${name} does not list (${(params.allowedValues as unknown[]).join(", ")}).`,
        fix: `${name} lacks ${show(value)}; the provider sends it. Add it to the enum (and, for a status, to x-transitions or x-terminal-values), or ask the provider what it means.`,
      };
    case "const":
      return {
        problem: `${field} is ${show(value)}; ${name} is always ${show(params.allowedValue)}.`,
        fix: `${name} is the constant ${show(params.allowedValue)} but the provider sent ${show(value)}: widen it to what the provider sends.`,
      };
    case "required": {
      const missing = String(params.missingProperty);
      return {
        problem: `${field} is missing; ${name} requires it.`,
        fix: `${name} requires \`${missing}\`, but the provider left it out: make \`${missing}\` optional if the provider really omits it, or ask the provider.`,
      };
    }
    case "type":
      return {
        problem: `${field} is ${show(value)} (${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}); ${name} is declared ${String(params.type)}.`,
        fix: `${name} is declared ${String(params.type)}, but the provider sent ${show(value)}: change its type (or allow null) if that is what the provider means.`,
      };
    case "format":
      return {
        problem: `${field} is ${show(value)}, which is not a valid ${String(params.format)}.`,
        fix: `${name} must be a ${String(params.format)}, but the provider sent ${show(value)}: relax the format, or ask the provider.`,
      };
    case "pattern":
      return {
        problem: `${field} is ${show(value)}, which does not match ${name}'s pattern ${String(params.pattern)}.`,
        fix: `${name} must match ${String(params.pattern)}, but the provider sent ${show(value)}: widen the pattern if that form is legitimate.`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
      return {
        problem: `${field} is ${show(value)}, outside ${name}'s ${keyword} of ${String(params.limit)}.`,
        fix: `${name} has ${keyword} ${String(params.limit)}, but the provider sent ${show(value)}: relax the limit if the provider means it.`,
      };
    case "oneOf":
    case "anyOf":
      return {
        problem: `${field} matches none of ${name}'s forms.`,
        fix: `${name} allows none of what the provider sent (${show(value)}): add that form.`,
      };
    default:
      return {
        problem: `${field} breaks ${name}'s ${keyword} rule (${JSON.stringify(params)}).`,
        fix: `Check ${name}'s ${keyword} against what the provider sent (${show(value)}).`,
      };
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
  const operationId = exchange.operationId ?? "?";
  const op = exchange.operationId ? ctx.spec.operation(exchange.operationId) : null;
  const reason = errorSummary(exchange.body);
  switch (expected.kind) {
    case "success":
      if (status >= 200 && status < 300) return [];
      return [
        finding(ctx, {
          check,
          rule: "status",
          exchange,
          pointer: op ? (op.facts.requestBody ? op.facts.requestBody.pointer : op.pointer) : null,
          message: `A valid request was refused with HTTP ${status}${reason} (case: ${what}).`,
          suggestion: `The request follows the spec, so either the spec's rules are stricter than the provider's (compare the provider's answer) or the provider needs data the suite does not have (an account, credentials).`,
        }),
      ];
    case "client-error":
      if (status >= 400 && status < 500) return [];
      return [
        finding(ctx, {
          check,
          rule: expected.rule,
          exchange,
          pointer: expected.pointer,
          message:
            status < 400
              ? `The provider accepted ${expected.what} with HTTP ${status}.`
              : `The provider answered ${expected.what} with HTTP ${status}, not a 4xx${reason}.`,
          suggestion:
            status < 400
              ? `The spec refuses it but the provider does not: loosen that rule in the spec if the provider really accepts it, or tell the provider it does not validate.`
              : `Bad input should be refused with a documented 4xx; tell the provider it fails on it.`,
        }),
      ];
    case "unauthorized": {
      if (status === 401) return [];
      const securityPointer = op?.facts.securityPointer ?? "/security";
      return [
        finding(ctx, {
          check,
          rule: "401",
          exchange,
          pointer: securityPointer,
          message: `A request ${exchange.request.auth === "no token" ? "without a token" : "with a wrong token or secret"} was answered with HTTP ${status}, not 401.`,
          suggestion:
            status < 400
              ? `The operation is secured in the spec but the provider served it without a valid token: fix its security, or the spec's if the operation is public.`
              : `The spec documents 401 for a missing or wrong token; document ${status} if that is what the provider answers.`,
        }),
      ];
    }
    case "status": {
      if (documentedStatus(ctx.spec, operationId, status) === expected.status) return [];
      return [
        finding(ctx, {
          check,
          rule: "status",
          exchange,
          pointer: op ? `${op.pointer}/responses/${pointerSegment(expected.status)}` : null,
          message: `HTTP ${status} came where the case expects ${expected.status} (case: ${what}).`,
          suggestion: `Check that the provider can answer the documented ${expected.status} as the spec shows it.`,
        }),
      ];
    }
  }
}

/** A short reason from an error body (its code, message or detail), for messages. */
function errorSummary(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as Record<string, unknown>;
  const parts = [b.code, b.error, b.message, b.detail, b.error_description].filter((v) => typeof v === "string");
  if (typeof b.status_description === "string") parts.push(b.status_description);
  else if (typeof b.status_description === "object" && b.status_description !== null) {
    parts.push(JSON.stringify(b.status_description).slice(0, 120));
  }
  return parts.length ? ` (${parts.join(": ")})` : "";
}
