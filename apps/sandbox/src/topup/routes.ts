import { openAsBlob } from "node:fs";
import { findRepositoryRoot, loadApiNamed } from "@contracts/codegen/registry";
import type { ValidationIssue } from "@contracts/runtime";
import type {
  AcceptBalanceTopupForm,
  AuthErrorResponse,
  BankTransferTopupForm,
  components,
  OAuthErrorResponse,
  TokenRequest,
} from "@contracts/topup";
import type { operations } from "@contracts/topup/spec";
import { operationTable } from "@contracts/topup/spec";
import { validateRequestBody, validateRequestParams, validateResponseBody } from "@contracts/topup/validators";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CLOSE, continueIfAwaited, declaredOver, readCapped } from "../http/body.js";
import { type FormValue, type MultipartLimits, parseMultipart, removeSpooled } from "../http/multipart.js";
import { createResponder, readQuery } from "../validation.js";
import type { TokenIssuer } from "./oauth.js";
import type { ProofStore } from "./proofs.js";
import { signatureMismatch } from "./signatures.js";
import type { InquiryQuery, TopupDesk } from "./topups.js";

/** The proof limit: 2.8 MiB, from the spec. One more byte gets Paymob's own message. */
export const MAX_PROOF_BYTES = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof.maxBytes;
export const PROOF_TOO_LARGE = "The uploaded attachment size must be less than 3 MB";
/** Paymob rejects amounts below this, though the API page asks only for a positive integer. */
export const MIN_TOPUP_AMOUNT = 100;

/** What one top-up form may hold (the real one has 8 fields and one file). */
export const TOPUP_FORM_LIMITS: MultipartLimits = {
  // room for the other fields and the multipart framing around the proof.
  maxBodyBytes: MAX_PROOF_BYTES + 256 * 1024,
  maxFields: 32,
  maxFieldBytes: 4096,
  maxFieldNameBytes: 100,
  fileFields: operationTable.CreateTopupRequest.requestBody.files,
};
/** The largest token request body (a few form fields). */
const MAX_TOKEN_FORM_BYTES = 16 * 1024;

const { facts: specFacts } = await loadApiNamed(findRepositoryRoot(import.meta.dirname), "topup");
/** The fields of a request body's forms, from the spec's facts: all of them, or those of one JSON type. */
const fieldsOf = (operationId: "CreateTopupRequest" | "ObtainToken", type?: string) => [
  ...new Set(
    (specFacts.operations[operationId]?.requestBody?.branches ?? []).flatMap((branch) =>
      branch.properties.filter((p) => type === undefined || p.types.includes(type)).map((p) => p.name),
    ),
  ),
];
/** Multipart carries text: the form's integer fields (`amount`) are read back as numbers. */
const MULTIPART_INTEGER_FIELDS = fieldsOf("CreateTopupRequest", "integer");
const TOKEN_FIELDS = fieldsOf("ObtainToken");

type FieldErrors = Record<string, string[]>;

/** Paymob's 400 body. */
const badRequest = (description: string | FieldErrors): components["schemas"]["ValidationErrorResponse"] => ({
  disbursement_status: "failed",
  status_description: description,
  status_code: "400",
});

/** Validator issues as Paymob's field map, with Paymob's own wording for an oversize proof. */
function fieldErrors(issues: ValidationIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.field || "non_field_errors";
    const message = issue.keyword === "maxBytes" ? PROOF_TOO_LARGE : issue.message;
    errors[field] = [...(errors[field] ?? []), message];
  }
  return errors;
}

/** The form as the client sent it: integer fields as numbers, files as Blobs read from disk, repeats as arrays. */
async function formToObject(fields: Map<string, FormValue[]>): Promise<Record<string, unknown>> {
  const entries: [string, unknown][] = [];
  for (const [name, values] of fields) {
    const converted = await Promise.all(
      values.map(async (value) => {
        if (typeof value !== "string") {
          return value.path ? openAsBlob(value.path, { type: value.mimeType }) : new Blob([], { type: value.mimeType });
        }
        return MULTIPART_INTEGER_FIELDS.includes(name) && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
      }),
    );
    entries.push([name, converted.length === 1 ? converted[0] : converted]);
  }
  // fromEntries defines own properties, so a field named __proto__ stays a field (the validator refuses it).
  return Object.fromEntries(entries);
}

/** Every Paymob operation, mounted under `/topup`. */
export function topupRoutes(
  desk: TopupDesk,
  issuer: TokenIssuer,
  proofs: ProofStore,
  validateResponses: boolean,
): Hono {
  const reply = createResponder<operations>(validateResponses ? validateResponseBody : null);
  const app = new Hono();

  /** The caller behind `Authorization: Bearer <token>`, or the 401 to answer (checked before any body is read). */
  async function authenticate(c: Context, operationId: "CreateTopupRequest" | "InquireTopupRequests") {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization")?.trim() ?? "");
    const user = match?.[1] ? await issuer.userOf(match[1]) : undefined;
    if (user) return user;
    const detail = match ? "Invalid or expired access token." : "Authentication credentials were not provided.";
    const body: AuthErrorResponse = { detail, disbursement_status: "failed", status_code: "401" };
    return reply(c, operationId, 401, body, { "WWW-Authenticate": 'Bearer realm="api"' });
  }

  app.post("/topup/request/", async (c) => {
    const user = await authenticate(c, "CreateTopupRequest");
    if (user instanceof Response) return user;
    const invalid = (description: string | FieldErrors) => reply(c, "CreateTopupRequest", 400, badRequest(description));
    const contentType = c.req.header("content-type") ?? "";
    if (!/^multipart\/form-data\b/i.test(contentType)) return invalid("The body must be multipart/form-data.");
    if (declaredOver(c, TOPUP_FORM_LIMITS.maxBodyBytes)) return tooLarge(c, TOPUP_FORM_LIMITS.maxBodyBytes);

    continueIfAwaited(c);
    const parsed = await parseMultipart(c.req.raw.body, contentType, TOPUP_FORM_LIMITS, proofs.spoolDir);
    try {
      if (!parsed.ok) {
        if (parsed.status === 413) return tooLarge(c, TOPUP_FORM_LIMITS.maxBodyBytes);
        return invalid(parsed.field ? { [parsed.field]: [parsed.message] } : { non_field_errors: [parsed.message] });
      }
      const body = await formToObject(parsed.fields);
      const checked = validateRequestBody("CreateTopupRequest", body);
      if (!checked.valid) return invalid(fieldErrors(checked.errors));
      const topupForm = body as BankTransferTopupForm | AcceptBalanceTopupForm;
      if (topupForm.amount < MIN_TOPUP_AMOUNT) {
        return invalid({ amount: [`Ensure this value is greater than or equal to ${MIN_TOPUP_AMOUNT}.`] });
      }
      let proof: { name: string; path: string } | undefined;
      if (topupForm.type === "from_bank_transfer") {
        const file = parsed.files.find((f) => f.field === "to_attach_proof");
        if (!file?.path) return invalid({ to_attach_proof: ["No file was submitted."] });
        if (file.size === 0) return invalid({ to_attach_proof: ["The submitted file is empty."] });
        const mismatch = signatureMismatch(file.head, file.mimeType);
        if (mismatch) return invalid({ to_attach_proof: [mismatch] });
        proof = { name: file.filename || "proof", path: file.path };
      }
      return reply(c, "CreateTopupRequest", 201, await desk.create(user, topupForm, proof));
    } finally {
      removeSpooled(parsed.files);
    }
  });

  app.get("/topup/inquire/", async (c) => {
    const user = await authenticate(c, "InquireTopupRequests");
    if (user instanceof Response) return user;
    const query = readQuery(c, operationTable.InquireTopupRequests.parameters.query);
    const checked = validateRequestParams("InquireTopupRequests", { query });
    if (!checked.valid) return reply(c, "InquireTopupRequests", 400, badRequest(fieldErrors(checked.errors)));
    const { page = 1, page_size: pageSize = 10, ...filters } = query as InquiryQuery;
    const { count, items } = await desk.page(user.clientId, filters, page, pageSize);
    const link = (to: number) => {
      const url = new URL(c.req.url);
      url.searchParams.set("page", String(to));
      url.searchParams.set("page_size", String(pageSize));
      return url.toString();
    };
    const last = Math.ceil(count / pageSize);
    return reply(c, "InquireTopupRequests", 200, {
      count,
      next: page < last ? link(page + 1) : null,
      previous: page > 1 ? link(Math.min(page - 1, Math.max(last, 1))) : null,
      results: { status: "success", topup_requests: items },
    });
  });

  app.post("/o/token/", async (c) => {
    const refuse = (status: 400 | 401, error: OAuthErrorResponse) =>
      reply(c, "ObtainToken", status, error, { "Cache-Control": "no-store" });
    const invalidRequest = (description: string) =>
      refuse(400, { error: "invalid_request", error_description: description });
    if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? "")) {
      return invalidRequest("The body must be form-urlencoded.");
    }
    const read = await readCapped(c, MAX_TOKEN_FORM_BYTES);
    if (read === "aborted") return invalidRequest("The request body was cut off.");
    if (read === "too_large") {
      const description = `The request body is larger than ${MAX_TOKEN_FORM_BYTES} bytes.`;
      return c.json({ error: "invalid_request", error_description: description }, 413, CLOSE);
    }
    const params = new URLSearchParams(new TextDecoder().decode(read));
    const grantType = params.get("grant_type");
    if (!grantType) return invalidRequest("Missing grant type.");
    if (grantType !== "password" && grantType !== "refresh_token") {
      return refuse(400, {
        error: "unsupported_grant_type",
        error_description: `Unsupported grant type ${grantType}.`,
      });
    }
    // RFC 6749 §3.2 — a parameter sent twice is an error; unknown parameters are ignored.
    const form: Record<string, string> = {};
    for (const name of TOKEN_FIELDS) {
      const values = params.getAll(name);
      if (values.length > 1) return invalidRequest(`${name} is repeated.`);
      if (values[0] !== undefined) form[name] = values[0];
    }
    const checked = validateRequestBody("ObtainToken", form);
    if (!checked.valid) return invalidRequest(checked.errors.map((e) => e.message).join(" "));
    const result = await issuer.grant(form as TokenRequest);
    if (!result.ok) return refuse(result.status, result.error);
    return reply(c, "ObtainToken", 200, result.token, { "Cache-Control": "no-store" });
  });

  return app;
}

/** 413 in Paymob's error shape, naming the limit; the spec documents no 413, so it is not checked against it. */
function tooLarge(c: Context, limit: number): Response {
  const description = `The request body is larger than ${limit} bytes: the proof may have at most ${MAX_PROOF_BYTES} bytes.`;
  return c.json(
    {
      disbursement_status: "failed",
      status_description: { to_attach_proof: [PROOF_TOO_LARGE], non_field_errors: [description] },
      status_code: "413",
    },
    413,
    CLOSE,
  );
}

/** A 404 or 500 outside any operation, in Paymob's error shape. */
export function topupFallback(c: Context, status: 404 | 500): Response {
  const detail = status === 404 ? `No Paymob operation at ${c.req.method} ${c.req.path}.` : "Internal server error.";
  return c.json({ detail, disbursement_status: "failed", status_code: String(status) }, status as ContentfulStatusCode);
}
