import { RequestValidationError } from "@contracts/runtime";
import { createTopupClient } from "@contracts/topup";
import { describe, expect, inject, it } from "vitest";

const provider = inject("provider");

describe("limits Prism cannot enforce, enforced by the client", () => {
  it("stops a proof over 2,936,012 bytes before a byte is sent", async () => {
    const sent: Request[] = [];
    const client = createTopupClient({
      baseUrl: provider.topup.url,
      token: provider.topup.token,
      fetch: (request) => {
        sent.push(request);
        return fetch(request);
      },
    });
    const oversize = new File([new Uint8Array(2_936_013)], "proof.pdf", { type: "application/pdf" });
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
