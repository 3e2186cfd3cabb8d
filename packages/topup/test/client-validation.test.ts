import { RequestValidationError } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { type BankTransferTopupForm, createTopupClient } from "../src/index.js";
import { bankTransferForm, MAX_PROOF_BYTES, oversizeMessage } from "./support/fixtures.js";

const form = bankTransferForm;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the proof file is checked before a byte is sent", () => {
  it("refuses a proof one byte over the limit, naming the field and the limit", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: {} }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    const oversize = new Blob([new Uint8Array(MAX_PROOF_BYTES + 1)], { type: "application/pdf" });
    const error = (await client
      .POST("/topup/request/", { body: form(oversize) })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.errors).toEqual([
      {
        path: "/to_attach_proof",
        field: "to_attach_proof",
        keyword: "maxBytes",
        params: { limit: MAX_PROOF_BYTES, size: MAX_PROOF_BYTES + 1 },
        message: oversizeMessage(MAX_PROOF_BYTES + 1),
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("sends a proof of exactly the limit", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: {} }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    const atLimit = new Blob([new Uint8Array(MAX_PROOF_BYTES)], { type: "application/pdf" });
    await client.POST("/topup/request/", { body: form(atLimit) });
    const proof = (await server.requests[0]?.formData())?.get("to_attach_proof") as File;
    expect(proof.size).toBe(MAX_PROOF_BYTES);
  });

  it("refuses a proof of a type Paymob does not take", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: {} }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    const text = new Blob(["hello"], { type: "text/plain" });
    const error = (await client
      .POST("/topup/request/", { body: form(text) })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error.errors.map((e) => [e.path, e.keyword])).toEqual([["/to_attach_proof", "contentType"]]);
    expect(server.requests).toHaveLength(0);
  });

  it("reports a missing bank field for the chosen type only", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: {} }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    const { from_bank: _omitted, ...withoutBank } = form(new Blob(["%PDF"], { type: "application/pdf" }));
    const error = (await client
      .POST("/topup/request/", { body: withoutBank as BankTransferTopupForm })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error.errors).toEqual([
      {
        path: "/from_bank",
        field: "from_bank",
        keyword: "required",
        params: { missingProperty: "from_bank" },
        message: "from_bank is required when type is from_bank_transfer.",
      },
    ]);
  });
});
