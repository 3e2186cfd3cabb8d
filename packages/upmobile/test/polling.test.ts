import { HttpError, TimeoutError, UnknownStatusError } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createUpmobileClient, type OperationStatus, waitForOperation } from "../src/index.js";
import { OPERATION_ID, operationEnvelope } from "./support/fixtures.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(statuses: OperationStatus[]) {
  server = await startScriptedServer((_req, i) => ({
    status: 200,
    body: operationEnvelope(statuses[Math.min(i, statuses.length - 1)] as OperationStatus),
  }));
  return createUpmobileClient({ baseUrl: server.url, token: "t", validate: { response: true } });
}

describe("waitForOperation", () => {
  it.each([
    [
      ["pending", "pending", "processing", "processing", "completed"],
      ["pending", "processing", "completed"],
    ],
    [
      ["pending", "processing", "failed"],
      ["pending", "processing", "failed"],
    ],
    [
      ["pending", "canceled"],
      ["pending", "canceled"],
    ],
    [["completed"], ["completed"]],
  ] as Array<[OperationStatus[], OperationStatus[]]>)(
    "polls %j until a terminal status, reporting each change once",
    async (served, updates) => {
      const client = await clientFor(served);
      const seen: OperationStatus[] = [];
      const final = await waitForOperation(client, OPERATION_ID, {
        intervalMs: 1,
        onUpdate: (op) => seen.push(op.status),
      });
      expect(final.status).toBe(updates.at(-1));
      expect(seen).toEqual(updates);
      expect(server?.requests).toHaveLength(served.length);
      expect(server?.requests[0]?.url).toBe(`/operations/${OPERATION_ID}`);
    },
  );

  it("fails with an HttpError carrying the 404 body when the operation does not exist", async () => {
    const notFound = { status: "error", status_code: 404, code: "not_found", message: "Operation not found." };
    server = await startScriptedServer(() => ({ status: 404, body: notFound }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = (await waitForOperation(client, OPERATION_ID).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.kind).toBe("http");
    expect(error.status).toBe(404);
    expect(error.body).toEqual(notFound);
  });

  it("fails with a TimeoutError when the operation stays pending", async () => {
    const client = await clientFor(["pending"]);
    const error = await waitForOperation(client, OPERATION_ID, { intervalMs: 5, timeoutMs: 60 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(`Waiting for operation ${OPERATION_ID} timed out after 60 ms`);
  });

  it("stops as soon as the caller aborts, with the caller's reason", async () => {
    const client = await clientFor(["pending"]);
    const controller = new AbortController();
    // Abort while it waits for its second poll: deterministic, whatever the machine's load.
    const pending = waitForOperation(client, OPERATION_ID, {
      intervalMs: 10_000,
      signal: controller.signal,
      onUpdate: () => controller.abort(new Error("user canceled the wait")),
    });
    await expect(pending).rejects.toThrow("user canceled the wait");
    expect(server?.requests).toHaveLength(1);
  });

  it("backs off between unchanged polls, up to the cap", async () => {
    const client = await clientFor(["pending", "pending", "pending", "pending", "completed"]);
    const started = performance.now();
    await waitForOperation(client, OPERATION_ID, { intervalMs: 10, maxIntervalMs: 20 });
    // Delays 10, 20, 20, 20 (capped): at least 70 ms in all.
    expect(performance.now() - started).toBeGreaterThanOrEqual(65);
  });

  it("rejects at once, naming the status and the operation, on a status the spec does not list", async () => {
    const client = await clientFor(["pending", "cancelled", "cancelled"]);
    const error = (await waitForOperation(client, OPERATION_ID, { intervalMs: 1, timeoutMs: 60_000 }).catch(
      (e: unknown) => e,
    )) as UnknownStatusError;
    expect(error).toBeInstanceOf(UnknownStatusError);
    expect(error.kind).toBe("unknown-status");
    expect([error.operationId, error.id, error.status]).toEqual(["GetOperation", OPERATION_ID, "cancelled"]);
    expect(error.message).toContain('"cancelled"');
    // the poll that saw the status is the last one: no waiting out the timeout.
    expect(server?.requests).toHaveLength(2);
  });

  it("lets the caller decide with isTerminal, for unknown statuses too", async () => {
    const client = await clientFor(["pending", "cancelled"]);
    const final = await waitForOperation(client, OPERATION_ID, {
      intervalMs: 1,
      isTerminal: (status) => status === "cancelled" || status === "completed",
    });
    expect(final.status).toBe("cancelled");
  });
});
