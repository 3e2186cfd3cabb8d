import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mocks, startMocks } from "../src/index.js";

let mocks: Mocks;
beforeAll(async () => {
  mocks = await startMocks({ ports: { upmobile: 0, topup: 0 } });
});
afterAll(() => mocks?.stop());

const mock = (alias: string) => {
  const found = mocks.mocks.find((m) => m.alias === alias);
  if (!found) throw new Error(`no ${alias} mock`);
  return found;
};

describe("startMocks", () => {
  it("starts one mock per API on 127.0.0.1, each with its own token", () => {
    expect(mocks.mocks.map((m) => m.alias).sort()).toEqual(["topup", "upmobile"]);
    for (const m of mocks.mocks) expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers a wrong token with the spec's own 401 body, not Prism's", async () => {
    const res = await fetch(`${mock("topup").url}/topup/inquire/`, { headers: { Authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      detail: "Authentication credentials were not provided.",
      disbursement_status: "failed",
      status_code: "401",
    });
  });

  it("puts Prism's validation findings into the API's own error body", async () => {
    const { url, token } = mock("upmobile");
    const res = await fetch(`${url}/accounts?page_size=101`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: "error", status_code: 400, code: "bad_request" });
    expect(body.details).toEqual([{ field: "page_size", message: "Request query parameter page_size must be <= 100" }]);
  });

  it("answers a malformed JSON body with a 400 instead of dropping the connection", async () => {
    const { url, token } = mock("upmobile");
    const res = await fetch(`${url}/withdrawals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).details).toEqual([{ field: "body", message: "The body is not valid JSON." }]);
  });

  it("names the port and the variable to change when a port is taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startMocks({ ports: { upmobile: port, topup: 0 } })).rejects.toThrow(
        `Port ${port} is already in use. Stop what holds it, or choose another port with UPMOBILE_MOCK_PORT=<port>.`,
      );
    } finally {
      blocker.close();
    }
  });
});
