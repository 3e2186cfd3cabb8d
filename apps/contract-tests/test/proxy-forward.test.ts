import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { HarEntry } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startForwardingProxy } from "../src/proxy/forward.js";

// The proxy's forwarding on its own: what reaches the provider must be what the client sent, byte for byte, and
// what the client gets must be what the provider answered.

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), "proxy-forward-"));
const proof = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(2_936_012 - 9)]);
const proofPath = join(folder, "proof.pdf");
beforeAll(() => writeFileSync(proofPath, proof));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let upstream: ScriptedServer | undefined;
let proxy: { url: string; close(): Promise<void> } | undefined;
const entries: HarEntry[] = [];
afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = upstream = undefined;
  entries.length = 0;
});

async function start(script: Parameters<typeof startScriptedServer>[0], base = "/api/secure") {
  upstream = await startScriptedServer(script);
  proxy = await startForwardingProxy({ upstream: `${upstream.url}${base}`, onExchange: (e) => entries.push(e) });
  return proxy.url;
}

async function settled(count: number) {
  for (let i = 0; i < 100 && entries.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return entries;
}

describe("the forwarding proxy", () => {
  it("forwards a 2.8 MB proof from curl -F (Expect: 100-continue) byte for byte, and records its hash, not its bytes", async () => {
    const url = await start(() => ({ status: 201, body: { id: 7 } }));
    const { stdout } = await run("curl", [
      "-sS",
      "-F",
      "amount=1000",
      "-F",
      `to_attach_proof=@${proofPath};type=application/pdf`,
      "-H",
      "Authorization: Bearer secret-token",
      `${url}/topup/request/`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ id: 7 });
    const received = upstream?.requests[0];
    expect(received?.url).toBe("/api/secure/topup/request/");
    expect(received?.headers.expect).toBe("100-continue");
    const form = await received?.formData();
    const file = form?.get("to_attach_proof") as File;
    expect(Buffer.from(await file.arrayBuffer()).equals(proof)).toBe(true);
    const [entry] = await settled(1);
    expect(entry?.request.postData?.params).toEqual([
      { name: "amount", value: "1000" },
      {
        name: "to_attach_proof",
        fileName: "proof.pdf",
        contentType: "application/pdf",
        _size: proof.length,
        _sha256: createHash("sha256").update(proof).digest("hex"),
      },
    ]);
    expect(entry?.request.url).toBe(`${upstream?.url}/api/secure/topup/request/`);
    expect(entry?.response).toMatchObject({ status: 201, content: { text: '{"id":7}' } });
  });

  it("streams a chunked upload through unchanged", async () => {
    const url = await start((request) => ({ status: 200, body: { length: request.body.length } }));
    const body = Buffer.from(JSON.stringify({ note: "x".repeat(200_000) }));
    const bodyPath = join(folder, "body.json");
    writeFileSync(bodyPath, body);
    const { stdout } = await run("curl", [
      "-sS",
      "-H",
      "Transfer-Encoding: chunked",
      "-H",
      "content-type: application/json",
      "--data-binary",
      `@${bodyPath}`,
      `${url}/withdrawals`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ length: body.length });
    expect(upstream?.requests.at(-1)?.headers["transfer-encoding"]).toBe("chunked");
    const response = await fetch(`${url}/withdrawals`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(body.subarray(0, 1000));
          controller.enqueue(body.subarray(1000));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(await response.json()).toEqual({ length: body.length });
    expect(upstream?.requests.at(-1)?.body.equals(body)).toBe(true);
  });

  it("passes the provider's answer back as it came: status, headers and an HTML body", async () => {
    const page = "<html><body><h1>Not Found</h1></body></html>";
    const url = await start(() => ({
      status: 404,
      headers: { "content-type": "text/html", "x-request-id": "r1" },
      body: page,
    }));
    const response = await fetch(`${url}/missing`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("r1");
    expect(await response.text()).toBe(page);
    const [entry] = await settled(1);
    expect(entry?.response).toMatchObject({ status: 404, content: { mimeType: "text/html", text: page } });
  });

  it("never retries: a request the provider drops is sent once and answered 502 by the proxy", async () => {
    const url = await start(() => ({ status: 200, hangUp: true }));
    const response = await fetch(`${url}/accounts`);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(
      /^contract proxy: the provider at http:\/\/127\.0\.0\.1:\d+ could not be reached/,
    );
    expect(upstream?.requests).toHaveLength(1);
    const [entry] = await settled(1);
    expect(entry?.response.status).toBe(0);
    expect(entry?.response._error).toBeTruthy();
  });

  it("hands every exchange over before close() resolves, a multipart body still being read included", async () => {
    const url = await start(() => ({ status: 201, body: { id: 8 } }));
    const form = new FormData();
    form.set("amount", "1000");
    form.set("to_attach_proof", new File([proof], "proof.pdf", { type: "application/pdf" }));
    const response = await fetch(`${url}/topup/request/`, { method: "POST", body: form });
    expect(await response.json()).toEqual({ id: 8 });
    await proxy?.close();
    proxy = undefined;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.request.postData?.params?.[1]).toMatchObject({ fileName: "proof.pdf", _size: proof.length });
  });

  it("records an answer the provider cut off mid-body with its error and size, never its partial body", async () => {
    const cutting = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"access_token": "eyJ-SECRET-cut", "refresh_token": "rt-SECRET-cut",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => cutting.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = cutting.address() as AddressInfo;
      proxy = await startForwardingProxy({ upstream: `http://127.0.0.1:${port}`, onExchange: (e) => entries.push(e) });
      const response = await fetch(`${proxy.url}/accounts`);
      await expect(response.text()).rejects.toThrow();
      await proxy.close();
      proxy = undefined;
      expect(entries).toHaveLength(1);
      expect(entries[0]?.response).toMatchObject({ status: 200, _error: expect.any(String) });
      expect(entries[0]?.response.content).toEqual({
        size: 68,
        mimeType: "application/json",
        comment: "not kept: the answer was cut off after 68 bytes",
      });
      expect(JSON.stringify(entries[0])).not.toMatch(/SECRET/);
    } finally {
      cutting.closeAllConnections();
      cutting.close();
    }
  });
});
