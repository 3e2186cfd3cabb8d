import type { ValidationIssue } from "@contracts/runtime";
import type {
  AcceptBalanceTopupForm,
  AuthErrorResponse,
  BankTransferTopupForm,
  OAuthErrorResponse,
  operations,
  ValidationErrorResponse,
} from "@contracts/topup";
import { operationTable } from "@contracts/topup";
import { validateRequestBody, validateRequestParams, validateResponseBody } from "@contracts/topup/validators";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createResponder, fieldName, issueMessage, readQuery } from "../validation.js";
import type { TokenForm, TokenIssuer } from "./oauth.js";
import type { TopupDesk, TopupFilters } from "./topups.js";

/** The proof limit: 2.8 MiB. One more byte gets Paymob's own message. */
export const MAX_PROOF_BYTES = 2_936_012;
export const PROOF_TOO_LARGE = "The uploaded attachment size must be less than 3 MB";
/** Paymob rejects amounts below this, though the API page asks only for a positive integer. */
export const MIN_TOPUP_AMOUNT = 100;
/** Room for the other form fields and the multipart framing around the proof. */
const MULTIPART_OVERHEAD_BYTES = 256 * 1024;

const MULTIPART_INTEGER_FIELDS = ["amount"];
const TOKEN_FIELDS = ["grant_type", "username", "password", "refresh_token", "client_id", "client_secret"];

type FieldErrors = Record<string, string[]>;

/** Paymob's 400 body. */
const badRequest = (description: string | FieldErrors): ValidationErrorResponse => ({
  disbursement_status: "failed",
  status_description: description,
  status_code: "400",
});

/** Validator issues as Paymob's field map, with Paymob's own wording for an oversize proof. */
function fieldErrors(issues: ValidationIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldName(issue.path, "non_field_errors");
    const message = issue.keyword === "maxBytes" ? PROOF_TOO_LARGE : issueMessage(issue);
    errors[field] = [...(errors[field] ?? []), message];
  }
  return errors;
}

/** The multipart form as the client sends it: integer fields as numbers, files as File, repeated fields as arrays. */
function formToObject(form: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const values = form
      .getAll(name)
      .map((value) =>
        typeof value === "string" && MULTIPART_INTEGER_FIELDS.includes(name) && /^-?\d{1,15}$/.test(value)
          ? Number(value)
          : value,
      );
    body[name] = values.length === 1 ? values[0] : values;
  }
  return body;
}

/** Every Paymob operation, mounted under `/paymob`. */
export function paymobRoutes(desk: TopupDesk, issuer: TokenIssuer, validateResponses: boolean): Hono {
  const reply = createResponder<operations>(validateResponses ? validateResponseBody : null);
  const app = new Hono();

  /** The caller behind `Authorization: Bearer <token>`, or the 401 to answer. */
  function authenticate(c: Context, operationId: "CreateTopupRequest" | "InquireTopupRequests") {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization")?.trim() ?? "");
    const user = match?.[1] ? issuer.userOf(match[1]) : undefined;
    if (user) return { user, response: undefined };
    const detail = match ? "Invalid or expired access token." : "Authentication credentials were not provided.";
    const body: AuthErrorResponse = { detail, disbursement_status: "failed", status_code: "401" };
    return {
      user: undefined,
      response: reply(c, operationId, 401, body, { "WWW-Authenticate": 'Bearer realm="api"' }),
    };
  }

  app.post(
    "/topup/request/",
    bodyLimit({
      maxSize: MAX_PROOF_BYTES + MULTIPART_OVERHEAD_BYTES,
      onError: (c) => c.json(badRequest({ to_attach_proof: [PROOF_TOO_LARGE] }), 400),
    }),
    async (c) => {
      const auth = authenticate(c, "CreateTopupRequest");
      if (!auth.user) return auth.response;
      const invalid = (description: string | FieldErrors) =>
        reply(c, "CreateTopupRequest", 400, badRequest(description));
      if (!/^multipart\/form-data\b/i.test(c.req.header("content-type") ?? "")) {
        return invalid("The body must be multipart/form-data.");
      }
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        return invalid("The multipart body could not be read.");
      }
      const body = formToObject(form);
      const checked = validateRequestBody("CreateTopupRequest", body);
      if (!checked.valid) return invalid(fieldErrors(checked.errors));
      const topupForm = body as BankTransferTopupForm | AcceptBalanceTopupForm;
      if (topupForm.amount < MIN_TOPUP_AMOUNT) {
        return invalid({ amount: [`Ensure this value is greater than or equal to ${MIN_TOPUP_AMOUNT}.`] });
      }
      let proof: { name: string; bytes: Uint8Array } | undefined;
      if (topupForm.type === "from_bank_transfer") {
        const file = topupForm.to_attach_proof as File;
        if (file.size === 0) return invalid({ to_attach_proof: ["The submitted file is empty."] });
        proof = { name: file.name || "proof", bytes: new Uint8Array(await file.arrayBuffer()) };
      }
      // Note: nothing awaits from here on, so the request id and the record are assigned in one step.
      return reply(c, "CreateTopupRequest", 201, desk.create(auth.user, topupForm, proof));
    },
  );

  app.get("/topup/inquire/", (c) => {
    const auth = authenticate(c, "InquireTopupRequests");
    if (!auth.user) return auth.response;
    const query = readQuery(c, operationTable.InquireTopupRequests.parameters.query, ["page", "page_size"]);
    const checked = validateRequestParams("InquireTopupRequests", { query });
    if (!checked.valid) return reply(c, "InquireTopupRequests", 400, badRequest(fieldErrors(checked.errors)));
    const {
      page = 1,
      page_size: pageSize = 10,
      ...filters
    } = query as TopupFilters & {
      page?: number;
      page_size?: number;
    };
    const matching = desk.list(auth.user.clientId, filters);
    const link = (to: number) => {
      const url = new URL(c.req.url);
      url.searchParams.set("page", String(to));
      url.searchParams.set("page_size", String(pageSize));
      return url.toString();
    };
    const last = Math.ceil(matching.length / pageSize);
    return reply(c, "InquireTopupRequests", 200, {
      count: matching.length,
      next: page < last ? link(page + 1) : null,
      previous: page > 1 ? link(Math.min(page - 1, Math.max(last, 1))) : null,
      results: { status: "success", topup_requests: matching.slice((page - 1) * pageSize, page * pageSize) },
    });
  });

  app.post(
    "/o/token/",
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => c.json({ error: "invalid_request", error_description: "The request body is too large." }, 400),
    }),
    async (c) => {
      const refuse = (status: 400 | 401, error: OAuthErrorResponse) =>
        reply(c, "ObtainToken", status, error, { "Cache-Control": "no-store" });
      if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? "")) {
        return refuse(400, { error: "invalid_request", error_description: "The body must be form-urlencoded." });
      }
      const params = new URLSearchParams(await c.req.text());
      const grantType = params.get("grant_type");
      if (!grantType) return refuse(400, { error: "invalid_request", error_description: "Missing grant type." });
      if (grantType !== "password" && grantType !== "refresh_token") {
        return refuse(400, {
          error: "unsupported_grant_type",
          error_description: `Unsupported grant type ${grantType}.`,
        });
      }
      // Note: RFC 6749 §3.2 — a parameter sent twice is an error; unknown parameters are ignored.
      const form: Record<string, string> = {};
      for (const name of TOKEN_FIELDS) {
        const values = params.getAll(name);
        if (values.length > 1)
          return refuse(400, { error: "invalid_request", error_description: `${name} is repeated.` });
        if (values[0] !== undefined) form[name] = values[0];
      }
      const checked = validateRequestBody("ObtainToken", form);
      if (!checked.valid) {
        return refuse(400, {
          error: "invalid_request",
          error_description: checked.errors.map((e) => e.message).join(" "),
        });
      }
      const result = issuer.grant(form as TokenForm);
      if (!result.ok) return refuse(result.status, result.error);
      return reply(c, "ObtainToken", 200, result.token, { "Cache-Control": "no-store" });
    },
  );

  return app;
}

/** A 404 or 500 outside any operation, in Paymob's error shape. */
export function paymobFallback(c: Context, status: 404 | 500): Response {
  const detail = status === 404 ? `No Paymob operation at ${c.req.method} ${c.req.path}.` : "Internal server error.";
  return c.json({ detail, disbursement_status: "failed", status_code: String(status) }, status);
}
