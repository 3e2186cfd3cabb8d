import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createUpmobileClient, HttpError, unwrap } from "../src/index.js";
import { OPERATION_ID } from "./support/fixtures.js";

// The answers a real provider gives at its edges (Django's HTML pages, a proxy's, throttling), on a real server: the
// caller must learn the cause, never a validation failure or a timeout that hides it.

const DJANGO_404 = `<!DOCTYPE html>
<html lang="en"><head><title>Page not found at /api/operations/</title>
<style>body { color: #000 }</style></head>
<body><h1>Page not found <span>(404)</span></h1><p>The current path, <code>api/operations/</code>, didn&#39;t match any of these.</p></body></html>`;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function thrown(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("an answer that is not the API's", () => {
  it.each([false, true])(
    "names the status, the content type and the page's text for an HTML 404 (response validation %s)",
    async (validate) => {
      server = await startScriptedServer(() => ({
        status: 404,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: DJANGO_404,
      }));
      const client = createUpmobileClient({ baseUrl: server.url, token: "t", validate: { response: validate } });
      const error = await thrown(client.GET("/operations/{id}", { params: { path: { id: OPERATION_ID } } }));
      expect(error).toMatchObject({ status: 404, contentType: "text/html; charset=utf-8", problem: "not-json" });
      expect(error.excerpt).toBe(
        "Page not found at /api/operations/ Page not found (404) The current path, api/operations/ , didn't match any of these.",
      );
      expect(error.message).toBe(
        `GetOperation failed with HTTP 404 (text/html; charset=utf-8): not the API's JSON: "${error.excerpt}" (a wrong base URL or a missing endpoint are the usual causes)`,
      );
    },
  );

  it("throws for a status the spec does not document, keeping a JSON body", async () => {
    server = await startScriptedServer(() => ({ status: 405, body: { detail: 'Method "GET" not allowed.' } }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = await thrown(client.GET("/accounts"));
    expect(error).toMatchObject({
      status: 405,
      problem: "undocumented-status",
      body: { detail: 'Method "GET" not allowed.' },
    });
    expect(error.message).toMatch(
      /^GetAccounts failed with HTTP 405 \(application\/json\): a status the spec does not document/,
    );
  });

  it("throws for a proxy's HTML 502 although 5XX is documented, since the spec documents JSON for it", async () => {
    server = await startScriptedServer(() => ({
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", retry: false });
    const error = await thrown(client.GET("/accounts"));
    expect(error).toMatchObject({ status: 502, problem: "not-json", excerpt: "502 Bad Gateway nginx" });
  });

  it("throws for an empty success body where the spec documents JSON", async () => {
    server = await startScriptedServer(() => ({ status: 200 }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = await thrown(client.GET("/accounts"));
    expect(error).toMatchObject({ status: 200, problem: "empty-body", contentType: null });
  });

  it("throws for a success labelled JSON whose body is not JSON", async () => {
    server = await startScriptedServer(() => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: "<html>login</html>",
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = await thrown(client.GET("/accounts"));
    expect(error).toMatchObject({ status: 200, problem: "not-json" });
  });

  it("cuts what looks like a credential out of an excerpt (a debug page may echo request headers)", async () => {
    server = await startScriptedServer(() => ({
      status: 500,
      headers: { "content-type": "text/html" },
      body: "<pre>HTTP_AUTHORIZATION: Bearer live-token-123\npassword=hunter2</pre>",
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", retry: false });
    const error = await thrown(client.GET("/accounts"));
    expect(error.message).not.toMatch(/live-token-123|hunter2/);
    expect(error.excerpt).toBe("HTTP_AUTHORIZATION: Bearer [REDACTED] password=[REDACTED]");
  });

  it("reads no more than the start of a huge page", async () => {
    server = await startScriptedServer(() => ({
      status: 503,
      headers: { "content-type": "text/html" },
      body: `<p>Maintenance</p>${"x".repeat(5_000_000)}`,
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", retry: false });
    const error = await thrown(client.GET("/accounts"));
    expect(error.excerpt?.startsWith("Maintenance x")).toBe(true);
    expect(error.excerpt?.length).toBeLessThanOrEqual(201);
  });
});

describe("throttling", () => {
  it("gives a GET its 429 at once, with the wait, when Retry-After does not fit the time left", async () => {
    const body = { status: "error", status_code: 429, code: "throttled", message: "Request was throttled." };
    // Five seconds is within the default cap on Retry-After (60 s); only the call's 2 s budget rules it out.
    server = await startScriptedServer(() => ({ status: 429, headers: { "retry-after": "5" }, body }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", timeoutMs: 2_000 });
    const result = await client.GET("/accounts");
    expect(server.requests).toHaveLength(1);
    expect(result.response.status).toBe(429);
    const error = (() => {
      try {
        unwrap("GetAccounts", result);
      } catch (e) {
        return e as HttpError;
      }
    })();
    expect(error).toMatchObject({ status: 429, retryAfterMs: 5_000 });
    expect(error?.message).toMatch(/the server asks to wait 5 s \(Retry-After\)$/);
  });

  it("retries a GET when the Retry-After wait fits the time left", async () => {
    const body = { status: "error", status_code: 429, message: "Slow down." };
    server = await startScriptedServer((_, index) =>
      index === 0
        ? { status: 429, headers: { "retry-after": "1" }, body }
        : { status: 200, body: { data: { accounts: [], pages: 0 }, status: "success", status_code: 200 } },
    );
    const client = createUpmobileClient({ baseUrl: server.url, token: "t", timeoutMs: 10_000 });
    const { data } = await client.GET("/accounts");
    expect(data?.data.accounts).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("never retries a withdrawal, even on a short Retry-After", async () => {
    server = await startScriptedServer(() => ({
      status: 429,
      headers: { "retry-after": "0" },
      body: { status: "error", status_code: 429, message: "Slow down." },
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const result = await client.POST("/withdrawals", {
      body: {
        account_id: "0f8e2c1a-3b4d-4e5f-8a9b-1c2d3e4f5a6b",
        amount: "100.00",
        category_code: "mobile",
        currency_code: "RUB",
        destination: "+79999999999",
        operator_code: "beeline",
        region_code: "RU",
      },
    });
    expect(result.response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });
});
