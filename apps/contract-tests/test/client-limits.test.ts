import { RequestValidationError } from "@contracts/runtime";
import { createTopupClient } from "@contracts/topup";
import { operationTable } from "@contracts/topup/spec";
import { describe, expect, it } from "vitest";

describe("limits Prism cannot enforce, enforced by the client", () => {
  const { maxBytes } = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof;

  it("stops a proof one byte over the spec's x-max-bytes before a byte is sent", async () => {
    const sent: Request[] = [];
    const client = createTopupClient({
      // nothing may be sent, so no server is needed: a port where nothing listens.
      baseUrl: "http://127.0.0.1:9",
      token: "t",
      fetch: (request) => {
        sent.push(request);
        return Promise.reject(new Error("the client sent the request"));
      },
    });
    const oversize = new File([new Uint8Array(maxBytes + 1)], "proof.pdf", { type: "application/pdf" });
    const error = await client
      .POST("/topup/request/", {
        body: {
          amount: 1000,
          type: "from_bank_transfer",
          currency: "egyptian_pound",
          from_bank: "Commercial International Bank",
          from_account_number: "1234567890",
          from_account_name: "John Doe",
          from_date: "2024-01-15",
          to_attach_proof: oversize,
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).errors.map((e) => [e.path, e.keyword])).toEqual([
      ["/to_attach_proof", "maxBytes"],
    ]);
    expect(sent).toHaveLength(0);
  });
});
