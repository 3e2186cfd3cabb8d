import type { OperationDescriptor } from "@contracts/runtime/internal";
import type { MockedApi } from "./apis.js";

type Json = Record<string, unknown>;

/** What went wrong, before it is dressed in an API's error shape. */
export interface Problem {
  message: string;
  /** The fields or parameters at fault, when specific ones are. */
  details?: Array<{ field: string; message: string }>;
}

/**
 * The error shapes the specs document, recognised by their fields: Paymob's `{ disbursement_status,
 * status_description, status_code: "400" }`, Upmobile's envelope `{ status, status_code, code, message, details }`
 * and the OAuth token endpoint's `{ error, error_description }`.
 */
function shapeOf(example: Json | undefined): "topup" | "envelope" | "oauth" | undefined {
  if (!example) return undefined;
  if ("status_description" in example || "disbursement_status" in example) return "topup";
  if ("status" in example && "status_code" in example) return "envelope";
  if ("error" in example) return "oauth";
  return undefined;
}

/** The first example the spec documents for an operation's status (or the range it falls in, `5XX`). */
export function exampleBody(api: MockedApi, op: OperationDescriptor, status: string): Json | undefined {
  const responses = api.facts.operations[op.operationId]?.responses ?? {};
  const response = responses[status] ?? responses[`${status[0]}XX`];
  return response?.examples[0]?.value as Json | undefined;
}

/**
 * The documented body a status starts from: the operation's example for it, else another operation's in the same
 * shape, else its 500 (for a 5xx) or 400 example, so an undocumented status (413, 503) still gets the API's shape.
 * Outside any operation, the first secured one (not OAuth's) stands for the API.
 */
function templateFor(api: MockedApi, op: OperationDescriptor | undefined, status: number): Json | undefined {
  const operations = Object.values(api.operations);
  const owner = op ?? operations.find((o) => o.secured) ?? operations[0];
  if (!owner) return undefined;
  const base = (status >= 500 ? exampleBody(api, owner, "500") : undefined) ?? exampleBody(api, owner, "400");
  for (const candidate of [owner, ...operations]) {
    const documented = exampleBody(api, candidate, String(status));
    if (documented && shapeOf(documented) === shapeOf(base)) return documented;
  }
  return base;
}

/** An error body in the API's own shape for a status, naming what went wrong (and the fields, when known). */
export function errorBody(api: MockedApi, op: OperationDescriptor | undefined, status: number, problem: Problem): Json {
  const template = templateFor(api, op, status);
  const { message, details } = problem;
  switch (shapeOf(template)) {
    case "topup": {
      const byField: Record<string, string[]> = {};
      for (const d of details ?? []) byField[d.field] = [...(byField[d.field] ?? []), d.message];
      return {
        disbursement_status: template?.disbursement_status,
        status_description: details ? byField : message,
        status_code: String(status),
      };
    }
    case "envelope":
      return {
        status: template?.status,
        status_code: status,
        code: template?.code,
        message,
        ...(details ? { details } : {}),
      };
    case "oauth":
      // RFC 6749 §5.2 names a missing or malformed parameter `invalid_request`; a 5xx takes the `5XX` body instead.
      return {
        error: "invalid_request",
        error_description: details?.length ? details.map((d) => d.message).join("; ") : message,
      };
    default: {
      // An API whose shape is none of the above: its own documented example, with our message (and the fields at
      // fault) where it has a place for them, so the body still follows that API's schema.
      if (!template) return { status_code: status, message, ...(details ? { details } : {}) };
      const body: Json = { ...template };
      if (typeof template.message === "string") body.message = message;
      if (Array.isArray(template.details) && details) body.details = details;
      return body;
    }
  }
}

/**
 * The error body for a request Prism refused (its `sl-violations` header) though the validators accepted it: the
 * places and rule codes of its errors, never its sentences; undefined when it names none or the status is undocumented.
 */
export function disagreementBody(
  api: MockedApi,
  op: OperationDescriptor,
  status: number,
  header: string | string[] | undefined,
): Json | undefined {
  let violations: Array<{ location: string[]; severity: string; code: string | number }>;
  try {
    violations = JSON.parse(String(header)).filter((v: { severity: string }) => v.severity === "Error");
  } catch {
    return undefined;
  }
  if (violations.length === 0 || !exampleBody(api, op, String(status))) return undefined;
  return errorBody(api, op, status, {
    message: "The mock engine (Prism) refused a request that the spec's validators accept.",
    details: violations.map((v) => ({
      field: v.location.slice(2).join(".") || v.location.join(".") || "request",
      message: `Prism's ${v.code} rule fails here; the spec's validators accept it.`,
    })),
  });
}
