import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { type BankTransferTopupForm, createTopupClient } from "../src/index.js";
import { pendingBankRequest } from "./support/fixtures.js";

const pending = pendingBankRequest;

const pdfBytes = new TextEncoder().encode("%PDF-1.4\n%fixture\n");

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createTopupClient on the wire", () => {
  it("sends POST /topup/request/ as multipart/form-data: scalars as fields, the proof as a file part", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: pending }));
    const client = createTopupClient({ baseUrl: server.url, token: "paymob-access" });
    const body: BankTransferTopupForm = {
      amount: 1000,
      type: "from_bank_transfer",
      currency: "egyptian_pound",
      from_bank: "Commercial International Bank",
      from_account_number: "1234567890",
      from_account_name: "John Doe",
      from_date: "2024-01-15",
      to_attach_proof: new File([pdfBytes], "receipt.pdf", { type: "application/pdf" }),
    };
    const { data, error, response } = await client.POST("/topup/request/", { body });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.status).toBe("pending");

    const [req] = server.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/topup/request/");
    expect(req?.headers.authorization).toBe("Bearer paymob-access");
    expect(req?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const parts = await req?.formData();
    expect(parts?.get("amount")).toBe("1000");
    expect(parts?.get("type")).toBe("from_bank_transfer");
    expect(parts?.get("currency")).toBe("egyptian_pound");
    expect(parts?.get("from_date")).toBe("2024-01-15");
    const proof = parts?.get("to_attach_proof") as File;
    expect(proof.name).toBe("receipt.pdf");
    expect(proof.type).toBe("application/pdf");
    expect(new Uint8Array(await proof.arrayBuffer())).toEqual(pdfBytes);
  });

  it("names a nameless Blob after its field and content type", async () => {
    server = await startScriptedServer(() => ({ status: 201, body: pending }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    await client.POST("/topup/request/", {
      body: {
        amount: 1000,
        type: "from_bank_transfer",
        currency: "american_dollar",
        from_bank: "CIB",
        from_account_number: "1",
        from_account_name: "J",
        from_date: "2024-01-15",
        to_attach_proof: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
      },
    });
    const proof = (await server.requests[0]?.formData())?.get("to_attach_proof") as File;
    expect(proof.name).toBe("to_attach_proof.png");
    expect(proof.type).toBe("image/png");
  });

  it("sends an Accept balance transfer without file parts", async () => {
    server = await startScriptedServer(() => ({
      status: 201,
      body: { ...pending, transfer_type: "from_accept_balance" },
    }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    await client.POST("/topup/request/", {
      body: { amount: 500, type: "from_accept_balance", currency: "egyptian_pound", username: "accept_user_123" },
    });
    const parts = await server.requests[0]?.formData();
    expect([...(parts?.keys() ?? [])].sort()).toEqual(["amount", "currency", "type", "username"]);
  });

  it("returns Paymob's 400 field map as a typed error result", async () => {
    const body400 = {
      disbursement_status: "failed",
      status_description: { from_bank: ["This field is required"] },
      status_code: "400",
    };
    server = await startScriptedServer(() => ({ status: 400, body: body400 }));
    const client = createTopupClient({ baseUrl: server.url, token: "t" });
    const { data, error, response } = await client.POST("/topup/request/", {
      body: { amount: 500, type: "from_accept_balance", currency: "egyptian_pound", username: "u" },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual(body400);
  });

  it("returns Paymob's 401 body as a typed error result", async () => {
    const body401 = {
      detail: "Authentication credentials were not provided.",
      disbursement_status: "failed",
      status_code: "401",
    };
    server = await startScriptedServer(() => ({ status: 401, body: body401 }));
    const client = createTopupClient({ baseUrl: server.url });
    const { error, response } = await client.GET("/topup/inquire/", { params: { query: { status: "pending" } } });
    expect(response.status).toBe(401);
    expect(error).toEqual(body401);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.url).toBe("/topup/inquire/?status=pending");
  });

  it("sends the token request form-urlencoded, without an Authorization header", async () => {
    server = await startScriptedServer(() => ({
      status: 200,
      body: { access_token: "a", token_type: "Bearer", expires_in: 3600, refresh_token: "r" },
    }));
    const client = createTopupClient({ baseUrl: server.url });
    const { data } = await client.POST("/o/token/", {
      body: { grant_type: "password", username: "u", password: "p", client_id: "c", client_secret: "s" },
    });
    expect(data?.expires_in).toBe(3600);
    const [req] = server.requests;
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req?.body.toString()).toBe("grant_type=password&username=u&password=p&client_id=c&client_secret=s");
  });
});
