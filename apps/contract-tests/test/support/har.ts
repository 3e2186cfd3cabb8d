import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HarEntry, HarParam } from "@contracts/runtime";
import { afterAll } from "vitest";
import { openRegistry } from "../../src/spec.js";

// HAR entries for the verifier's tests, as the clients' recorder writes them, with bodies taken from the specs'
// own examples so that a clean entry is clean by construction.

export const UPMOBILE = "https://upmobile.example/api/v2";
export const TOPUP = "https://payouts.example/api/secure";
export const BASE_URLS = { upmobile: UPMOBILE, topup: TOPUP };

type Json = Record<string, unknown>;
const registry = await openRegistry();

/** A documented example of an operation's response (the first one unless named). */
export function responseExample(api: string, operationId: string, status: string, name?: string): Json {
  const examples = registry.spec(api).operation(operationId).facts.responses[status]?.examples ?? [];
  const found = name ? examples.find((e) => e.name === name) : examples[0];
  if (!found) throw new Error(`${api} ${operationId} ${status} has no example ${name ?? ""}.`);
  return structuredClone(found.value) as Json;
}

/** A documented example of an operation's request body. */
export function requestExample(api: string, operationId: string, name?: string): Json {
  const examples = registry.spec(api).operation(operationId).facts.requestBody?.examples ?? [];
  const found = name ? examples.find((e) => e.name === name) : examples[0];
  if (!found) throw new Error(`${api} ${operationId} has no request example ${name ?? ""}.`);
  return structuredClone(found.value) as Json;
}

export interface EntryInit {
  method?: string;
  url: string;
  status?: number;
  /** A JSON value (serialized), or a text as it is. */
  body?: unknown;
  contentType?: string | null;
  /** The request body: JSON, or form params (a file part with fileName, contentType and _size). */
  json?: unknown;
  form?: { mimeType: string; params?: HarParam[]; text?: string };
  base64?: boolean;
}

/** One HAR entry as the recorder writes it: the Authorization header redacted, the body as text. */
export function harEntry(init: EntryInit): HarEntry {
  const text = typeof init.body === "string" ? init.body : init.body === undefined ? "" : JSON.stringify(init.body);
  const contentType = init.contentType === undefined ? "application/json" : init.contentType;
  const postData =
    init.json !== undefined
      ? { mimeType: "application/json", text: JSON.stringify(init.json) }
      : init.form
        ? {
            mimeType: init.form.mimeType,
            ...(init.form.params ? { params: init.form.params } : {}),
            ...(init.form.text === undefined ? {} : { text: init.form.text }),
          }
        : undefined;
  return {
    startedDateTime: "2026-12-01T10:00:00.000Z",
    time: 12,
    request: {
      method: init.method ?? "GET",
      url: init.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [
        { name: "Authorization", value: "[REDACTED]" },
        ...(postData ? [{ name: "Content-Type", value: postData.mimeType }] : []),
      ],
      queryString: [],
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: init.status ?? 200,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: contentType === null ? [] : [{ name: "Content-Type", value: contentType }],
      content: {
        size: text.length,
        mimeType: contentType ?? "x-unknown",
        text: init.base64 ? Buffer.from(text).toString("base64") : text,
        ...(init.base64 ? { encoding: "base64" } : {}),
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2 },
  };
}

/** A HAR document's text around entries given as values or as raw JSON text. */
export function harText(entries: ReadonlyArray<unknown>, raw: readonly string[] = []): string {
  const items = [...entries.map((e) => JSON.stringify(e)), ...raw];
  return `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[\n${items.join(",\n")}\n]}}\n`;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "verify-test-"));
  dirs.push(dir);
  return dir;
}

/** Writes files into a fresh temporary folder; returns the folder and each file's path by name. */
export function writeFiles(files: Record<string, string | Buffer>): { dir: string; path: (name: string) => string } {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, path: (name) => join(dir, name) };
}

export const OPERATION_ID = "0e8f5b6a-7c4d-4a19-8e2b-3f1a6c9d5e70";

/** The clean traffic of both APIs: each call answered with its documented example. */
export function cleanEntries(): HarEntry[] {
  return [
    harEntry({
      url: `${UPMOBILE}/accounts?page=1&page_size=20`,
      body: responseExample("upmobile", "GetAccounts", "200"),
    }),
    harEntry({
      url: `${UPMOBILE}/operations/${OPERATION_ID}`,
      body: responseExample("upmobile", "GetOperation", "200"),
    }),
    harEntry({
      method: "POST",
      url: `${UPMOBILE}/withdrawals`,
      json: requestExample("upmobile", "InitWithdrawal"),
      body: responseExample("upmobile", "InitWithdrawal", "200"),
    }),
    harEntry({
      method: "POST",
      url: `${UPMOBILE}/withdrawals/preview`,
      json: requestExample("upmobile", "PreviewWithdrawal"),
      status: 422,
      body: responseExample("upmobile", "PreviewWithdrawal", "422"),
    }),
    harEntry({
      method: "POST",
      url: `${TOPUP}/o/token/`,
      form: {
        mimeType: "application/x-www-form-urlencoded",
        params: [
          { name: "grant_type", value: "password" },
          { name: "username", value: "[HMAC-SHA256:0123456789abcdef]" },
          { name: "password", value: "[REDACTED]" },
          { name: "client_id", value: "client-1" },
          { name: "client_secret", value: "[REDACTED]" },
        ],
      },
      body: {
        ...responseExample("topup", "ObtainToken", "200"),
        access_token: "[REDACTED]",
        refresh_token: "[REDACTED]",
      },
    }),
    harEntry({
      method: "POST",
      url: `${TOPUP}/topup/request/`,
      form: {
        mimeType: "multipart/form-data; boundary=----x",
        params: [
          { name: "amount", value: "1000" },
          { name: "type", value: "from_bank_transfer" },
          { name: "currency", value: "egyptian_pound" },
          { name: "from_bank", value: "Commercial International Bank" },
          { name: "from_account_number", value: "[HMAC-SHA256:00000000000000ff]" },
          { name: "from_account_name", value: "[HMAC-SHA256:0000000000000abc]" },
          { name: "from_date", value: "2024-01-15" },
          {
            name: "to_attach_proof",
            fileName: "proof.pdf",
            contentType: "application/pdf",
            _size: 48213,
            _sha256: "ab".repeat(32),
          },
        ],
      },
      status: 201,
      body: responseExample("topup", "CreateTopupRequest", "201"),
    }),
    harEntry({
      url: `${TOPUP}/topup/inquire/?status=pending&page=1`,
      body: responseExample("topup", "InquireTopupRequests", "200"),
    }),
  ];
}
