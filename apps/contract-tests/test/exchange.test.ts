import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecorder } from "../src/exchange.js";
import { specContext } from "../src/spec.js";

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/base/accounts"))
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":1}');
      else res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createRecorder", () => {
  it("records what went and what came back, naming the operation, the token kind and the body", async () => {
    const recorder = createRecorder(await specContext("upmobile"), `${url}/base`, "secret-token");
    const response = await recorder.fetch(
      new Request(`${url}/base/accounts?page=2`, { headers: { Authorization: "Bearer secret-token" } }),
    );
    expect(recorder.exchanges.find((e) => e.response === response)).toMatchObject({
      api: "upmobile",
      operationId: "GetAccounts",
      request: { method: "GET", path: "/accounts", query: { page: "2" }, auth: "provider token" },
      status: 200,
      contentType: "application/json",
      body: { ok: 1 },
      json: true,
    });
    // the client still reads the body itself.
    expect(await response.json()).toEqual({ ok: 1 });
  });

  it("never keeps a token, a secret or file bytes, and keeps a body that is not JSON as text", async () => {
    const recorder = createRecorder(await specContext("topup"), `${url}/base`, "secret-token");
    const form = new FormData();
    form.append("amount", "1000");
    form.append("to_attach_proof", new File([new Uint8Array(2048)], "proof.pdf", { type: "application/pdf" }));
    await recorder.fetch(
      new Request(`${url}/base/topup/request/`, { method: "POST", body: form, headers: { Authorization: "Bearer x" } }),
    );
    await recorder.fetch(
      new Request(`${url}/base/o/token/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=password&password=hunter2&client_secret=s3cret",
      }),
    );
    const [upload, token] = recorder.exchanges;
    expect(upload?.request).toMatchObject({
      auth: "another token",
      body: { amount: "1000", to_attach_proof: "<file proof.pdf, application/pdf, 2048 bytes>" },
    });
    expect(upload).toMatchObject({
      operationId: "CreateTopupRequest",
      status: 502,
      body: "<h1>Bad gateway</h1>",
      json: false,
    });
    expect(token?.request).toMatchObject({
      auth: "no token",
      body: { grant_type: "password", password: "<redacted>", client_secret: "<redacted>" },
    });
    expect(JSON.stringify(recorder.exchanges.map((e) => e.request))).not.toMatch(/hunter2|s3cret|secret-token/);
  });
});
