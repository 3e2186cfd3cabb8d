import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { answerStart } from "../answer.js";
import { fieldPairs, partFileName } from "../multipart.js";
import type { OperationDescriptor } from "../operation-table.js";
import type { HarContent, HarEntry, HarParam, HarPostData, HarResponse } from "./har.js";
import { REDACTED } from "./redaction-markers.js";

/** One call as the client saw it: what it sent, what came back (or what was thrown), and when. */
export interface Exchange {
  operation: OperationDescriptor | undefined;
  /** The request openapi-fetch built (after middleware); its body is not read. */
  request: Request;
  /** The body as the caller gave it, before serialization. */
  body: unknown;
  /** Whether the transport sent an Authorization header (a token is configured). */
  authorized: boolean;
  response: Response | undefined;
  /** The answer's body as it came, when it was read as text (a string cannot change after the call, data can). */
  responseText: Promise<string> | undefined;
  /** openapi-fetch's parsed answer: `data` for a success, `error` otherwise. */
  result: { data?: unknown; error?: unknown } | undefined;
  /** What the call threw, when it did. */
  thrown: unknown;
  failed: boolean;
  /** Epoch milliseconds when the call started. */
  startedAt: number;
  /** `performance.now()` when the call started, when its answer's headers came, and when it ended. */
  sentAt: number;
  headersAt: number;
  endedAt: number;
}

/**
 * The HAR entry of an exchange as it went, file parts as their name, type, size and SHA-256; the recorder redacts it
 * before it is written. The request's body is read now, as the caller may change it once the call returns; the rest,
 * whose parts cannot change, by the returned function, off the call's path.
 */
export function prepareEntry(exchange: Exchange): () => Promise<HarEntry> {
  const postData = postDataOf(exchange);
  return async () => {
    const { request, response, sentAt, headersAt, endedAt } = exchange;
    const headers = [...request.headers].map(([name, value]) => ({ name, value }));
    if (exchange.authorized && !request.headers.has("authorization")) {
      headers.push({ name: "authorization", value: REDACTED });
    }
    return {
      startedDateTime: new Date(exchange.startedAt).toISOString(),
      time: endedAt - sentAt,
      request: {
        method: request.method,
        url: request.url,
        httpVersion: "",
        cookies: [],
        headers,
        queryString: [],
        headersSize: -1,
        bodySize: -1,
        ...(postData === undefined ? {} : { postData: await postData }),
      },
      response: responseOf(exchange, await exchange.responseText?.catch(() => undefined)),
      cache: {},
      timings: {
        send: 0,
        wait: (response ? headersAt : endedAt) - sentAt,
        receive: response ? endedAt - headersAt : 0,
      },
    };
  };
}

function postDataOf(exchange: Exchange): HarPostData | Promise<HarPostData> | undefined {
  const { body, request, operation } = exchange;
  if (body === undefined || body === null) return undefined;
  const mimeType = request.headers.get("content-type") ?? operation?.requestBody?.contentType ?? "";
  if (mimeType.startsWith("multipart/form-data")) return multipartOf(body, mimeType);
  if (mimeType.startsWith("application/x-www-form-urlencoded")) {
    return { mimeType, params: formPairs(body).map(([name, value]) => ({ name, value })) };
  }
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof Blob ? body.size : body.byteLength;
    return { mimeType, text: "", comment: `a binary body of ${bytes} bytes, not written` };
  }
  return { mimeType, text: typeof body === "string" ? body : (JSON.stringify(body) ?? "") };
}

function formPairs(body: unknown): Array<[string, string]> {
  if (typeof body === "string") return [...new URLSearchParams(body)];
  if (body instanceof URLSearchParams) return [...body];
  if (typeof body !== "object" || body === null) return [];
  return fieldPairs(body).flatMap(([name, value]) =>
    value == null ? [] : [[name, String(value)] as [string, string]],
  );
}

/** A multipart body's fields as HAR params; each file part as its name, type, size and SHA-256, never its bytes. */
async function multipartOf(body: unknown, mimeType: string): Promise<HarPostData> {
  const params: Array<HarParam | Promise<HarParam>> = [];
  for (const [name, value] of body instanceof FormData ? body : fieldPairs(body as object)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) {
      const contentType = value.type || "application/octet-stream";
      const file = { name, fileName: partFileName(name, value), contentType, _size: value.size };
      params.push(sha256Hex(value).then((_sha256) => ({ ...file, _sha256 })));
    } else {
      params.push({ name, value: value instanceof Date ? value.toISOString() : String(value) });
    }
  }
  return { mimeType, params: await Promise.all(params) };
}

function responseOf(exchange: Exchange, responseText: string | undefined): HarResponse {
  const { response, result, thrown, failed } = exchange;
  // What fetch does not show of an answer.
  const unseen = { httpVersion: "", cookies: [], headersSize: -1 };
  if (!response) {
    return {
      ...unseen,
      status: 0,
      statusText: "",
      headers: [],
      content: { size: 0, mimeType: "x-unknown" },
      redirectURL: "",
      bodySize: -1,
      _error: describeError(thrown),
    };
  }
  const length = response.headers.get("content-length");
  const size = length !== null && /^\d+$/.test(length) ? Number(length) : -1;
  return {
    ...unseen,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers].map(([name, value]) => ({ name, value })),
    content: contentOf(response, responseText, result, size),
    redirectURL: response.headers.get("location") ?? "",
    bodySize: size,
    ...(failed ? { comment: `the call failed after the answer came: ${describeError(thrown)}` } : {}),
  };
}

function contentOf(response: Response, raw: string | undefined, result: Exchange["result"], size: number): HarContent {
  const mimeType = response.headers.get("content-type") ?? "";
  if (raw !== undefined) return { size, mimeType, text: raw };
  const start = answerStart(response);
  if (start !== undefined) {
    return size > start.length
      ? { size, mimeType, text: start, comment: "only the start was read: the client refused the answer" }
      : { size, mimeType, text: start };
  }
  const body = result ? (result.data !== undefined ? result.data : result.error) : undefined;
  if (body === undefined) {
    return result ? { size, mimeType } : { size, mimeType, comment: "the body was not read" };
  }
  if (body instanceof Blob || body instanceof ArrayBuffer || body instanceof ReadableStream) {
    return { size, mimeType, comment: "a binary or streamed body, not written" };
  }
  return { size, mimeType, text: typeof body === "string" ? body : (JSON.stringify(body) ?? "") };
}

/** An error's name and message, at most `max` characters; only the type of anything else thrown. */
export function describeError(error: unknown, max = 1000): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, max);
  return `thrown: ${typeof error}`;
}

/** A file part's SHA-256, by Web Crypto where the platform has it (native, off the main thread), else @noble/hashes. */
async function sha256Hex(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const subtle = globalThis.crypto?.subtle;
  return bytesToHex(subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes));
}
