import { type ScriptedResponse, type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TokenProvider } from "../src/auth.js";
import { NetworkError, TimeoutError } from "../src/errors.js";
import { LightRequest } from "../src/light-request.js";
import type { OperationDescriptor } from "../src/operation-table.js";
import { createTransport, type TransportOptions } from "../src/transport.js";

const operation = (method: OperationDescriptor["method"], movesMoney = false): OperationDescriptor => ({
  operationId: `${method}Thing`,
  method,
  path: "/things",
  summary: "",
  tags: [],
  secured: true,
  movesMoney,
  sensitiveFields: [],
  parameters: { path: [], query: [], header: [] },
  requestBody: null,
  responses: {},
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function serve(...answers: ScriptedResponse[]) {
  server = await startScriptedServer((_req, i) => answers[Math.min(i, answers.length - 1)] as ScriptedResponse);
  return server;
}

// The transport sends what openapi-fetch builds: a Request, or the client's LightRequest where no code of the
// caller's sees the request. Each behaviour below holds for both.
const KINDS = [
  ["a Request", (url: string, init: RequestInit) => new Request(url, init)],
  ["a LightRequest", (url: string, init: RequestInit) => new LightRequest(url, init) as unknown as Request],
] as const;
let makeRequest: (url: string, init: RequestInit) => Request = KINDS[0][1];

function call(
  options: TransportOptions,
  method: OperationDescriptor["method"],
  init: RequestInit = {},
  movesMoney = false,
) {
  const transport = createTransport({ retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
  return transport(makeRequest(`${server?.url}/things`, { method, ...init }), operation(method, movesMoney));
}

describe.each(KINDS)("sending %s", (_kind, make) => {
  beforeEach(() => {
    makeRequest = make;
  });

  describe("retries", () => {
    it("retries a GET on 503 and honours Retry-After in seconds", async () => {
      await serve({ status: 503, headers: { "retry-after": "2" } }, { status: 200, body: { ok: true } });
      const delays: number[] = [];
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const pending = call({ retry: { onRetry: (info) => delays.push(info.delayMs) } }, "GET");
      await vi.waitFor(() => expect(delays).toEqual([2000]));
      expect(server?.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2000);
      const response = await pending;
      expect(response.status).toBe(200);
      expect(server?.requests).toHaveLength(2);
    });

    it("honours Retry-After given as an HTTP date", async () => {
      const at = new Date(Date.now() + 3000).toUTCString();
      await serve({ status: 429, headers: { "retry-after": at } }, { status: 200 });
      const delays: number[] = [];
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const pending = call({ retry: { onRetry: (info) => delays.push(info.delayMs) } }, "GET");
      await vi.waitFor(() => expect(delays).toHaveLength(1));
      expect(delays[0]).toBeGreaterThan(1000);
      expect(delays[0]).toBeLessThanOrEqual(3000);
      await vi.advanceTimersByTimeAsync(3000);
      expect((await pending).status).toBe(200);
    });

    it.each([429, 502, 503, 504])("retries a GET on %i with jittered backoff", async (status) => {
      await serve({ status }, { status: 200 });
      const reasons: string[] = [];
      const response = await call({ retry: { baseDelayMs: 1, onRetry: (i) => reasons.push(i.reason) } }, "GET");
      expect(response.status).toBe(200);
      expect(reasons).toEqual([`HTTP ${status}`]);
    });

    it("does not retry statuses that are not transient", async () => {
      await serve({ status: 500 }, { status: 200 });
      expect((await call({}, "GET")).status).toBe(500);
      expect(server?.requests).toHaveLength(1);
    });

    it("never retries a POST, nor a request that moves money", async () => {
      await serve({ status: 503 });
      expect((await call({}, "POST", { body: "{}" })).status).toBe(503);
      expect((await call({}, "GET", {}, true)).status).toBe(503);
      expect(server?.requests).toHaveLength(2);
    });

    it("gives up after the maximum attempts and returns the last answer", async () => {
      await serve({ status: 503 });
      const response = await call({ retry: { maxAttempts: 4, baseDelayMs: 1 } }, "GET");
      expect(response.status).toBe(503);
      expect(server?.requests).toHaveLength(4);
    });

    it("retries a GET after a network error, and reports a NetworkError with its cause when attempts run out", async () => {
      await serve({ status: 200, hangUp: true }, { status: 200, body: { ok: 1 } });
      expect((await call({}, "GET")).status).toBe(200);
      expect(server?.requests).toHaveLength(2);

      await server?.close();
      await serve({ status: 200, hangUp: true });
      const error = await call({ retry: { maxAttempts: 2, baseDelayMs: 1 } }, "GET").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).kind).toBe("network");
      expect((error as NetworkError).cause).toBeInstanceOf(Error);
      expect(server?.requests).toHaveLength(2);
    });

    it("does not wait for a Retry-After beyond maxRetryAfterMs", async () => {
      await serve({ status: 503, headers: { "retry-after": "3600" } }, { status: 200 });
      expect((await call({ retry: { maxRetryAfterMs: 1000 } }, "GET")).status).toBe(503);
      expect(server?.requests).toHaveLength(1);
    });

    it("can be switched off", async () => {
      await serve({ status: 503 }, { status: 200 });
      expect((await call({ retry: false }, "GET")).status).toBe(503);
      expect(server?.requests).toHaveLength(1);
    });
  });

  describe("timeouts and aborts", () => {
    it("fails with a TimeoutError when the answer takes longer than timeoutMs", async () => {
      await serve({ status: 200, delayMs: 500 });
      const error = await call({ timeoutMs: 50 }, "POST", { body: "{}" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toBe("POSTThing timed out after 50 ms");
    });

    it("rejects with the caller's abort reason", async () => {
      await serve({ status: 200, delayMs: 500 });
      const controller = new AbortController();
      const pending = call({}, "GET", { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("user left")), 20);
      await expect(pending).rejects.toThrow("user left");
    });

    it("rejects with the caller's abort reason when the timeout is off", async () => {
      await serve({ status: 200, delayMs: 500 });
      const controller = new AbortController();
      const pending = call({ timeoutMs: 0 }, "GET", { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("user left")), 20);
      await expect(pending).rejects.toThrow("user left");
    });

    it("hands fetch the timeout's signal, the caller's without a timeout, and no init with neither", async () => {
      await serve({ status: 200 });
      const inits: Array<RequestInit | undefined> = [];
      const fetch = (request: Request, init?: RequestInit) => {
        inits.push(init);
        return globalThis.fetch(request, init);
      };
      const caller = new AbortController();
      const transport = (timeoutMs: number) => createTransport({ fetch, timeoutMs });
      await transport(1000)(new Request(`${server?.url}/things`));
      await transport(0)(new Request(`${server?.url}/things`), undefined, caller.signal);
      await transport(0)(new Request(`${server?.url}/things`), undefined, null);
      expect(inits[0]?.signal).toBeInstanceOf(AbortSignal);
      expect(inits[0]?.signal).not.toBe(caller.signal);
      expect(inits[1]?.signal).toBe(caller.signal);
      expect(inits[2]).toBeUndefined();
    });
  });

  describe("authorization", () => {
    it("sets the header per attempt and never retries a replay more than once after a 401", async () => {
      await serve({ status: 401 }, { status: 401 }, { status: 200 });
      let current = "old";
      const refreshed: string[] = [];
      const provider: TokenProvider = {
        getToken: async () => current,
        refresh: async (rejected) => {
          refreshed.push(rejected);
          current = "new";
          return current;
        },
      };
      const response = await call({ token: provider }, "POST", { body: "{}" }, true);
      expect(response.status).toBe(401);
      expect(refreshed).toEqual(["old"]);
      expect(server?.requests.map((r) => r.headers.authorization)).toEqual(["Bearer old", "Bearer new"]);
    });

    it("replays the body intact after a refresh", async () => {
      await serve({ status: 401 }, { status: 201 });
      let current = "a";
      const provider: TokenProvider = { getToken: async () => current, refresh: async () => (current = "b") };
      const form = new FormData();
      form.append("file", new Blob(["%PDF-1.4"], { type: "application/pdf" }), "p.pdf");
      expect((await call({ token: provider }, "POST", { body: form }, true)).status).toBe(201);
      const replayed = (await server?.requests[1]?.formData())?.get("file") as File;
      expect(await replayed.text()).toBe("%PDF-1.4");
    });

    it("replays a GET with the new token after a refresh", async () => {
      await serve({ status: 401 }, { status: 200 });
      let current = "a";
      const provider: TokenProvider = { getToken: async () => current, refresh: async () => (current = "b") };
      expect((await call({ token: provider, retry: false }, "GET")).status).toBe(200);
      expect(server?.requests.map((r) => r.headers.authorization)).toEqual(["Bearer a", "Bearer b"]);
    });

    it("does not refresh a plain string token", async () => {
      await serve({ status: 401 }, { status: 200 });
      expect((await call({ token: "static", authorizationScheme: null }, "GET")).status).toBe(401);
      expect(server?.requests.map((r) => r.headers.authorization)).toEqual(["static"]);
    });
  });
});
