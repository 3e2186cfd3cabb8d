import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ByteBudget } from "../src/budget.js";
import { type BodyOutcome, readBody } from "../src/read-body.js";

describe("ByteBudget", () => {
  it("grants what fits at once and queues the rest, first come first served", async () => {
    const budget = new ByteBudget(100);
    const a = await budget.reserve(60, 1_000);
    const order: string[] = [];
    const granted = (name: string) => (r: Awaited<ReturnType<ByteBudget["reserve"]>>) => {
      order.push(name);
      return r;
    };
    const b = budget.reserve(60, 5_000).then(granted("b"));
    const c = budget.reserve(10, 5_000).then(granted("c"));
    expect(budget.free).toBe(40);
    a?.();
    a?.();
    const [rb, rc] = await Promise.all([b, c]);
    expect(order).toEqual(["b", "c"]);
    expect(budget.free).toBe(30);
    rb?.();
    rc?.();
    expect(budget.free).toBe(100);
  });

  it("gives up after the wait, and never makes an empty body wait", async () => {
    const budget = new ByteBudget(10);
    const held = await budget.reserve(10, 1_000);
    expect(await budget.reserve(5, 20)).toBeUndefined();
    expect(await budget.reserve(0, 20)).toBeDefined();
    held?.();
    expect(budget.free).toBe(10);
  });
});

describe("readBody", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Sends a body to a server that reads it with `readBody` and reports the outcome. */
  async function outcomeOf(
    limit: number,
    send: (req: ReturnType<typeof request>) => void,
    headers: Record<string, string> = {},
    idleMs = 5_000,
  ): Promise<BodyOutcome> {
    const outcome = new Promise<BodyOutcome>((resolve) => {
      server = createServer(async (req, res) => {
        const result = await readBody(req, limit, idleMs);
        resolve(result);
        res.end();
        req.socket.destroy();
      });
    });
    server?.listen(0, "127.0.0.1");
    await once(server as Server, "listening");
    const { port } = (server as Server).address() as AddressInfo;
    const req = request({ host: "127.0.0.1", port, method: "POST", headers });
    req.on("error", () => {});
    send(req);
    return outcome;
  }

  it("reads a body with a Content-Length, and a chunked one", async () => {
    const sized = await outcomeOf(10, (req) => req.end("0123456789"), { "content-length": "10" });
    expect(sized).toEqual(Buffer.from("0123456789"));
    const chunked = await outcomeOf(10, (req) => {
      req.write("01234");
      req.end("56789");
    });
    expect(chunked).toEqual(Buffer.from("0123456789"));
  });

  it("refuses a declared length over the limit before reading, and a chunked body as it passes the limit", async () => {
    expect(await outcomeOf(10, (req) => req.write("x"), { "content-length": "11" })).toBe("too-large");
    const chunked = await outcomeOf(10, (req) => {
      req.write("0123456789");
      req.write("x");
    });
    expect(chunked).toBe("too-large");
  });

  it("stops waiting for a body that stalls", async () => {
    const stalled = await outcomeOf(10, (req) => req.write("01"), { "content-length": "10" }, 50);
    expect(stalled).toBe("idle");
  });
});
