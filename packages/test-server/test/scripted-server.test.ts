import { afterEach, describe, expect, it } from "vitest";
import { type ScriptedServer, startScriptedServer } from "../src/index.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startScriptedServer", () => {
  it("binds 127.0.0.1 on a free port, records the request and answers from the script", async () => {
    server = await startScriptedServer((req, index) => ({ status: 201, body: { echo: req.json(), index } }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/things?x=1`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echo: { a: 1 }, index: 0 });
    expect(server.requests[0]?.method).toBe("POST");
    expect(server.requests[0]?.url).toBe("/things?x=1");
  });

  it("reads multipart bodies back as FormData", async () => {
    server = await startScriptedServer(() => ({ status: 204 }));
    const form = new FormData();
    form.append("name", "value");
    form.append("file", new Blob(["%PDF"], { type: "application/pdf" }), "a.pdf");
    await fetch(server.url, { method: "POST", body: form });
    const parts = await server.requests[0]?.formData();
    expect(parts?.get("name")).toBe("value");
    const file = parts?.get("file") as File;
    expect(file.name).toBe("a.pdf");
    expect(file.type).toBe("application/pdf");
    expect(await file.text()).toBe("%PDF");
  });

  it("turns a failing script into a 500 rather than a hung request", async () => {
    server = await startScriptedServer(() => {
      throw new Error("boom");
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("boom");
  });

  it("can hang up to simulate a network failure", async () => {
    server = await startScriptedServer(() => ({ status: 200, hangUp: true }));
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
