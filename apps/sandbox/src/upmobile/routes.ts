import type { ValidationIssue } from "@contracts/runtime";
import type { ErrorDetail, ErrorResponse, WithdrawalPreviewRequest, WithdrawalRequest } from "@contracts/upmobile";
import type { operations } from "@contracts/upmobile/spec";
import { operationTable } from "@contracts/upmobile/spec";
import { validateRequestBody, validateRequestParams, validateResponseBody } from "@contracts/upmobile/validators";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CLOSE, readCapped } from "../http/body.js";
import { formatAmount } from "../money.js";
import { UPMOBILE_PRINCIPALS, type UpmobilePrincipal } from "../seed.js";
import { createResponder, readQuery } from "../validation.js";
import { CURRENCIES } from "./catalog.js";
import type { Ledger } from "./ledger.js";
import { priceOf } from "./quote.js";
import { accountView, operationView } from "./views.js";

type OperationId = keyof operations;

/** The largest JSON body the sandbox reads (the real bodies are a few hundred bytes). */
const MAX_JSON_BYTES = 64 * 1024;

/** The Upmobile error envelope. */
export function upmobileError(
  status: number,
  code: ErrorResponse["code"],
  message: string,
  details?: ErrorDetail[],
): ErrorResponse {
  return { status: "error", status_code: status, code, message, ...(details?.length ? { details } : {}) };
}

const toDetails = (issues: ValidationIssue[]): ErrorDetail[] =>
  issues.map((issue) => ({ field: issue.field || "body", message: issue.message }));

/** The caller behind `Authorization: Bearer <token>` (or the raw token: the provider's form is unconfirmed). */
function principalOf(c: Context): UpmobilePrincipal | undefined {
  const header = c.req.header("authorization")?.trim() ?? "";
  const token = header.replace(/^Bearer\s+/i, "");
  return token ? UPMOBILE_PRINCIPALS.get(token) : undefined;
}

/** Every Upmobile operation, mounted under `/upmobile`. */
export function upmobileRoutes(ledger: Ledger, validateResponses: boolean): Hono {
  const reply = createResponder<operations>(validateResponses ? validateResponseBody : null);
  const app = new Hono();

  // every error is an ErrorResponse; the type names no status all four share, the validator refuses undocumented ones.
  const fail = (c: Context, operationId: OperationId, body: ErrorResponse) =>
    reply(c, operationId, body.status_code as 400, body);
  // checked before any body is read; the server drops whatever of the body is still on its way.
  const unauthorized = (c: Context, operationId: OperationId) =>
    fail(c, operationId, upmobileError(401, "unauthorized", "Missing or invalid access token."));

  const malformed = (c: Context, operationId: OperationId, issues: ValidationIssue[]) =>
    fail(c, operationId, upmobileError(400, "bad_request", "The request is malformed.", toDetails(issues)));
  const invalid = (c: Context, operationId: OperationId, details: ErrorDetail[]) =>
    fail(c, operationId, upmobileError(422, "validation_failed", "The request has invalid fields.", details));

  /** The JSON body when it is valid; otherwise the answer: 413 over the limit, 400 unreadable, 422 per field. */
  async function jsonBody<T>(c: Context, operationId: "PreviewWithdrawal" | "InitWithdrawal"): Promise<T | Response> {
    const read = await readCapped(c, MAX_JSON_BYTES);
    if (read === "too_large") return tooLarge(c, `The request body is larger than ${MAX_JSON_BYTES} bytes.`);
    const bad = (message: string) => fail(c, operationId, upmobileError(400, "bad_request", message));
    if (read === "aborted") return bad("The request body was cut off.");
    const text = new TextDecoder().decode(read);
    if (text.trim() === "") return bad("The request body is required.");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return bad("The request body is not valid JSON.");
    }
    const checked = validateRequestBody(operationId, body);
    return checked.valid ? (body as T) : invalid(c, operationId, toDetails(checked.errors));
  }

  app.get("/accounts", async (c) => {
    const principal = principalOf(c);
    if (!principal) return unauthorized(c, "GetAccounts");
    const query = readQuery(c, operationTable.GetAccounts.parameters.query);
    const checked = validateRequestParams("GetAccounts", { query });
    if (!checked.valid) return malformed(c, "GetAccounts", checked.errors);
    const { page = 1, page_size: pageSize = 20 } = query as { page?: number; page_size?: number };
    const accounts = await ledger.accountsOf(principal.ownerId);
    const onPage = accounts.slice((page - 1) * pageSize, page * pageSize).map((a) => accountView(a, principal));
    const pages = Math.ceil(accounts.length / pageSize);
    return reply(c, "GetAccounts", 200, { data: { accounts: onPage, pages }, status: "success", status_code: 200 });
  });

  app.get("/operations/:id", async (c) => {
    const principal = principalOf(c);
    if (!principal) return unauthorized(c, "GetOperation");
    const id = c.req.param("id");
    const checked = validateRequestParams("GetOperation", { path: { id } });
    if (!checked.valid) return malformed(c, "GetOperation", checked.errors);
    const found = await ledger.operationOf(principal.ownerId, id);
    if (!found) return fail(c, "GetOperation", upmobileError(404, "not_found", "Operation not found."));
    const data = operationView(found.operation, found.account, principal, Date.now());
    return reply(c, "GetOperation", 200, { data, status: "success", status_code: 200 });
  });

  app.post("/withdrawals/preview", async (c) => {
    if (!principalOf(c)) return unauthorized(c, "PreviewWithdrawal");
    const body = await jsonBody<WithdrawalPreviewRequest>(c, "PreviewWithdrawal");
    if (body instanceof Response) return body;
    const preview = priceOf(body);
    if (!preview.ok) return invalid(c, "PreviewWithdrawal", preview.details);
    const currency = CURRENCIES[body.currency_code];
    const { settlementAccountId: _, ...operator } = preview.operator;
    const data = {
      amount: formatAmount(preview.amount, currency.decimals),
      commission: formatAmount(preview.commission, currency.decimals),
      currency,
      operator,
    };
    return reply(c, "PreviewWithdrawal", 200, { data, status: "success", status_code: 200 });
  });

  app.post("/withdrawals", async (c) => {
    const principal = principalOf(c);
    if (!principal) return unauthorized(c, "InitWithdrawal");
    const body = await jsonBody<WithdrawalRequest>(c, "InitWithdrawal");
    if (body instanceof Response) return body;
    // the balance check and the hold are one conditional update in one transaction (see Ledger).
    const result = await ledger.startWithdrawal(principal, body);
    if (!result.ok && result.code === "validation_failed") return invalid(c, "InitWithdrawal", result.details);
    if (!result.ok && result.code === "not_found") {
      return fail(c, "InitWithdrawal", upmobileError(404, "not_found", "Account not found."));
    }
    if (!result.ok) {
      const message = "The account balance is not sufficient for this withdrawal.";
      return fail(c, "InitWithdrawal", upmobileError(422, "insufficient_funds", message));
    }
    const data = operationView(result.operation, result.account, principal, Number(result.operation.created_at));
    return reply(c, "InitWithdrawal", 200, { data, status: "success", status_code: 200 });
  });

  return app;
}

/** 413 in the Upmobile envelope (undocumented, so unchecked); `bad_request` is a code a client already knows. */
function tooLarge(c: Context, message: string): Response {
  const body = upmobileError(413, "bad_request", message, [{ field: "body", message }]);
  return c.json(body, 413, CLOSE);
}

/** A 404 or 500 in the Upmobile envelope, for paths and failures outside any operation. */
export function upmobileFallback(c: Context, status: 404 | 500): Response {
  const body =
    status === 404
      ? upmobileError(404, "not_found", `No Upmobile operation at ${c.req.method} ${c.req.path}.`)
      : upmobileError(500, "internal_error", "Internal server error.");
  return c.json(body, status as ContentfulStatusCode);
}
