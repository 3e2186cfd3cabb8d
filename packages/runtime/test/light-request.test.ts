import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../src/client.js";
import { LightRequest } from "../src/light-request.js";
import type { OperationTable } from "../src/operation-table.js";
import { op } from "./support/operation.js";

describe("LightRequest", () => {
  it.each([
    ["a URL that does not parse", "not a url", {}],
    ["a GET with a body", "http://127.0.0.1/x", { method: "GET", body: "{}" }],
    ["a HEAD with a body", "http://127.0.0.1/x", { method: "HEAD", body: "{}" }],
    ["a forbidden method", "http://127.0.0.1/x", { method: "TRACE" }],
    ["a header name that is not a token", "http://127.0.0.1/x", { headers: { "a b": "1" } }],
  ])("refuses %s with a TypeError, as the Request constructor does", (_name, url, init: RequestInit) => {
    expect(() => new Request(url, init)).toThrow(TypeError);
    expect(() => new LightRequest(url, init)).toThrow(TypeError);
  });

  it("clones with headers of its own and the same body", () => {
    const original = new LightRequest("http://127.0.0.1/x", { method: "POST", body: "{}", headers: { a: "1" } });
    const copy = original.clone();
    copy.headers.set("Authorization", "Bearer t");
    expect(original.headers.has("Authorization")).toBe(false);
    expect([copy.method, copy.url, copy.body]).toEqual(["POST", "http://127.0.0.1/x", "{}"]);
  });
});

describe("the client's requests", () => {
  const table: OperationTable = {
    CreateThing: op("CreateThing", {
      path: "/things",
      requestBody: { required: true, contentType: "application/json", files: {} },
      responses: { "201": { contentType: "application/json" } },
    }),
  };
  let server: ScriptedServer;
  let built = 0;
  const GlobalRequest = globalThis.Request;
  beforeAll(async () => {
    server = await startScriptedServer((request) => ({ status: 201, body: { echo: request.json() } }));
    // counts the Requests built through the global constructor (openapi-fetch's default), not fetch's own.
    globalThis.Request = class extends GlobalRequest {
      constructor(...args: ConstructorParameters<typeof Request>) {
        super(...args);
        built++;
      }
    };
  });
  afterAll(async () => {
    globalThis.Request = GlobalRequest;
    await server.close();
  });

  const post = async (options: { middleware?: boolean; timeoutMs?: number }) => {
    built = 0;
    // biome-ignore lint/suspicious/noExplicitAny: the paths type of a hand-built table.
    const client = createApiClient<any>(table, { baseUrl: server.url, token: "t", timeoutMs: options.timeoutMs });
    if (options.middleware) client.use({ onRequest: ({ request }) => request });
    const { data, response } = await client.POST("/things", { body: { name: "x" } });
    const sent = server.requests.at(-1);
    return {
      built,
      data,
      status: response.status,
      auth: sent?.headers.authorization,
      type: sent?.headers["content-type"],
    };
  };

  it("are not built as a Request where no code of the caller's sees them, and arrive the same", async () => {
    const light = await post({});
    const withMiddleware = await post({ middleware: true });
    expect(light.built).toBe(0);
    expect(withMiddleware.built).toBe(1);
    const { built: _a, ...lightSent } = light;
    const { built: _b, ...fullSent } = withMiddleware;
    expect(lightSent).toEqual(fullSent);
    expect(lightSent).toEqual({
      data: { echo: { name: "x" } },
      status: 201,
      auth: "Bearer t",
      type: "application/json",
    });
  });
});
