import { describe, expect, it } from "vitest";
import type { HarEntry } from "../src/recording/har.js";
import { createHarEntryRedactor } from "../src/recording/redact-entry.js";
import { isRedactedValue } from "../src/recording/redaction-markers.js";
import { op } from "./support/operation.js";

// Entries captured outside the clients (a proxy's, from the raw bytes) get the recorder's rules.

const operation = op("CreateThing", {
  path: "/things/{owner}",
  parameters: { path: [{ name: "owner", required: true, type: "string" }], query: [], header: [] },
  requestBody: { required: true, contentType: "multipart/form-data", files: {} },
  responses: { "201": { contentType: "application/json" } },
  sensitiveFields: ["owner", "account_name"],
});

function raw(): HarEntry {
  return {
    startedDateTime: "2026-12-07T00:00:00.000Z",
    time: 1,
    request: {
      method: "POST",
      url: "https://api.example/v1/things/Alice%20Owner?access_token=tok-in-query-123&page=2",
      httpVersion: "HTTP/1.1",
      cookies: [{ name: "session", value: "cookie-secret-9" }],
      headers: [
        { name: "Authorization", value: "Bearer bearer-secret-1" },
        { name: "Cookie", value: "session=cookie-secret-9" },
        { name: "X-Api-Key", value: "api-key-secret-2" },
        { name: "Content-Type", value: "multipart/form-data; boundary=x" },
      ],
      queryString: [],
      postData: {
        mimeType: "multipart/form-data; boundary=x",
        params: [
          { name: "account_name", value: "Bob Holder" },
          { name: "password", value: "hunter2-password" },
          { name: "amount", value: "1000" },
          { name: "proof", value: "%PDF-raw-bytes", fileName: "p.pdf", contentType: "application/pdf", _size: 14 },
        ],
      },
      headersSize: -1,
      bodySize: 100,
    },
    response: {
      status: 201,
      statusText: "Created",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [{ name: "Set-Cookie", value: "session=cookie-secret-10" }],
      content: {
        size: 80,
        mimeType: "application/json",
        text: JSON.stringify({
          id: 1,
          account_name: "Bob Holder",
          refresh_token: "refresh-secret-3",
          note: "hunter2-password",
        }),
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: 80,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

describe("createHarEntryRedactor", () => {
  it("writes no credential, secret, personal value or file byte of a raw entry", () => {
    const redact = createHarEntryRedactor({ hashKey: "k" });
    const entry = redact(raw(), operation);
    const text = JSON.stringify(entry);
    for (const secret of [
      "bearer-secret-1",
      "cookie-secret-9",
      "cookie-secret-10",
      "api-key-secret-2",
      "tok-in-query-123",
      "hunter2-password",
      "refresh-secret-3",
      "Bob Holder",
      "Alice",
      "%PDF-raw-bytes",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(entry.request.postData?.params?.[3]).toEqual({
      name: "proof",
      fileName: "p.pdf",
      contentType: "application/pdf",
      _size: 14,
    });
    expect(entry.request.postData?.params?.[2]).toEqual({ name: "amount", value: "1000" });
    expect(entry._operationId).toBe("CreateThing");
    const body = JSON.parse(entry.response.content.text ?? "{}") as Record<string, unknown>;
    expect(body.id).toBe(1);
    expect(isRedactedValue(body.account_name)).toBe(true);
    // The same personal value gives the same marker in the request and the answer.
    expect(entry.request.postData?.params?.[0]?.value).toBe(body.account_name);
  });

  it("drops a binary body and a multipart body kept only as raw text", () => {
    const redact = createHarEntryRedactor();
    const entry = raw();
    entry.request.postData = { mimeType: "multipart/form-data; boundary=x", text: "--x\r\n...%PDF-raw-bytes..." };
    entry.response.content = { size: 3, mimeType: "application/octet-stream", text: "AAEC", encoding: "base64" };
    const redacted = redact(entry, operation);
    expect(JSON.stringify(redacted)).not.toContain("%PDF-raw-bytes");
    expect(redacted.response.content).toEqual({
      size: 3,
      mimeType: "application/octet-stream",
      comment: "a binary body, not written",
    });
  });

  it("redacts a cut or broken JSON body by field name, its other text kept", () => {
    const entry = raw();
    entry.response.content = {
      size: 200,
      mimeType: "application/json",
      text: '{"id": 7, "access_token": "eyJ-cut-secret", "account_name": "Carol Cut", "refresh_token": "rt-cut-se',
    };
    const text = createHarEntryRedactor({ hashKey: "k" })(entry, operation).response.content.text ?? "";
    for (const secret of ["eyJ-cut-secret", "Carol Cut", "rt-cut-se"]) expect(text).not.toContain(secret);
    expect(text).toMatch(
      /^\{"id": 7, "access_token": "\[REDACTED\]", "account_name": "\[HMAC-SHA256:[0-9a-f]{16}\]", /,
    );
    expect(text).toMatch(/"refresh_token": "\[REDACTED\]"$/);
  });

  it("keeps a body's text when Chromium writes an empty params list beside it", () => {
    const entry = raw();
    entry.request.postData = {
      mimeType: "application/json",
      params: [],
      text: '{"amount":"1.00","password":"pw-secret-77"}',
    };
    const redacted = createHarEntryRedactor()(entry, operation);
    expect(JSON.parse(redacted.request.postData?.text ?? "")).toEqual({ amount: "1.00", password: "[REDACTED]" });
  });

  it("keeps a body's own __proto__ field a field when something inside it is redacted", () => {
    const entry = raw();
    entry.response.content = {
      size: 1,
      mimeType: "application/json",
      text: '{"__proto__":{"account_name":"Bob Holder"}}',
    };
    const text = createHarEntryRedactor()(entry, operation).response.content.text ?? "";
    expect(text).not.toContain("Bob Holder");
    expect(text).toMatch(/^\{"__proto__":\{"account_name":"\[HMAC-SHA256:[0-9a-f]{16}\]"\}\}$/);
  });

  it("redacts a redirect's query and an error's echo of the request", () => {
    const entry = raw();
    entry.response.redirectURL = "/next?refresh_token=redirect-secret-4&page=3";
    entry.response.comment = "the call failed after the answer came: Error: hunter2-password";
    const redacted = createHarEntryRedactor()(entry, operation);
    expect(redacted.response.redirectURL).toBe("https://api.example/next?refresh_token=%5BREDACTED%5D&page=3");
    expect(redacted.response.comment).not.toContain("hunter2-password");
  });
});
