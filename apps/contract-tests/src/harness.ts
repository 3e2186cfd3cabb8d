import type { ApiClientOptions } from "@contracts/runtime";
import { createTopupClient, type TopupClient } from "@contracts/topup";
import { validateResponseBody as validateTopupResponse } from "@contracts/topup/validators";
import { createUpmobileClient, type UpmobileClient } from "@contracts/upmobile";
import { validateResponseBody as validateUpmobileResponse } from "@contracts/upmobile/validators";
import { expect } from "vitest";
import type { Provider } from "./provider.js";
import { type ApiName, documentedMediaType, operation } from "./spec.js";

/** What one case observed: the HTTP answer and its parsed body (data or error). */
export interface Exchange {
  response: Response;
  body: unknown;
}

/** The check classes of the suite, after Schemathesis's. */
export type CheckKind =
  | "positive data acceptance"
  | "negative data rejection"
  | "ignored auth"
  | "documented error"
  | "multipart upload"
  | "client-side limit";

/** One contract case: an operation, the documented status it must produce, and how to provoke it. */
export interface ContractCase {
  api: ApiName;
  operationId: string;
  status: number;
  check: CheckKind;
  name: string;
  /** Needs `Prefer: code=…` (only the mocks honour it): skipped on other providers, still counted as covered. */
  needsPrefer?: boolean;
  /** Accept any documented 4xx (negative cases: the provider may answer 400 or 422). */
  anyClientError?: boolean;
  run(ctx: CaseContext): Promise<Exchange>;
}

export interface CaseContext {
  provider: Provider;
  upmobile(options?: Partial<ApiClientOptions>): UpmobileClient;
  topup(options?: Partial<ApiClientOptions>): TopupClient;
}

/**
 * Clients for the provider. Request validation is off, because the suite must be able to send bad input; response
 * validation is off too, because the suite asserts conformance itself and wants to see what came back.
 */
export function caseContext(provider: Provider): CaseContext {
  const base = { validate: { request: false, response: false }, retry: false } as const;
  return {
    provider,
    upmobile: (options = {}) =>
      createUpmobileClient({ baseUrl: provider.upmobile.url, token: provider.upmobile.token, ...base, ...options }),
    topup: (options = {}) =>
      createTopupClient({ baseUrl: provider.topup.url, token: provider.topup.token, ...base, ...options }),
  };
}

/** openapi-fetch's `{ data, error, response }` as an Exchange. */
export function exchange(result: { data?: unknown; error?: unknown; response: Response }): Exchange {
  return { response: result.response, body: result.data ?? result.error };
}

const validators = { upmobile: validateUpmobileResponse, topup: validateTopupResponse } as const;

/** Counts of each check performed, for the closing report. */
export const tally = new Map<string, number>();
const count = (check: string) => tally.set(check, (tally.get(check) ?? 0) + 1);

/**
 * The checks every answer must pass: the expected status (or a documented 4xx for negatives), status conformance
 * (only documented codes), content-type conformance and response schema conformance (generated validators).
 */
export async function assertConforms(c: ContractCase, seen: Exchange): Promise<void> {
  const op = await operation(c.api, c.operationId);
  const { status } = seen.response;
  const documented = Object.keys((op.operation.responses as Record<string, unknown>) ?? {});
  expect(documented, `HTTP ${status} is not documented for ${c.operationId}`).toContain(String(status));
  count("status code conformance");
  if (c.anyClientError) {
    expect(status, "bad input must get a 4xx, never a 2xx").toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  } else {
    expect(status).toBe(c.status);
  }
  const mediaType = documentedMediaType(op, status);
  if (mediaType) {
    expect(seen.response.headers.get("content-type") ?? "", "content type").toContain(mediaType);
    count("content-type conformance");
  }
  const validate = validators[c.api] as (
    id: string,
    status: number,
    body: unknown,
  ) => { valid: boolean; errors?: unknown };
  const result = validate(c.operationId, status, seen.body);
  expect(result.valid ? [] : result.errors, "response schema conformance").toEqual([]);
  count("response schema conformance");
  count(c.check);
}
