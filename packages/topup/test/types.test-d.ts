import { describe, expectTypeOf, it } from "vitest";
import {
  type AcceptBalanceTopupForm,
  type AuthErrorResponse,
  type BankTransferTopupForm,
  createTopupClient,
  type TopupRequest,
  type TopupRequestForm,
  type ValidationErrorResponse,
} from "../src/index.js";

const client = createTopupClient({ baseUrl: "http://127.0.0.1:1", token: "t" });

describe("Topup types", () => {
  it("types the proof as a Blob or File, never a string", () => {
    expectTypeOf<BankTransferTopupForm["to_attach_proof"]>().toEqualTypeOf<Blob | File>();
    expectTypeOf<string>().not.toExtend<BankTransferTopupForm["to_attach_proof"]>();
  });

  it("makes the form a union on type, so each branch requires its own fields", () => {
    expectTypeOf<TopupRequestForm>().toEqualTypeOf<BankTransferTopupForm | AcceptBalanceTopupForm>();
    // @ts-expect-error a bank transfer needs its bank fields and proof
    const missing: TopupRequestForm = { amount: 1000, type: "from_bank_transfer", currency: "egyptian_pound" };
    const wrongCase: AcceptBalanceTopupForm = {
      amount: 1,
      // @ts-expect-error transfer types are case sensitive
      type: "FROM_ACCEPT_BALANCE",
      currency: "egyptian_pound",
      username: "u",
    };
    expectTypeOf(missing).toEqualTypeOf<TopupRequestForm>();
    expectTypeOf(wrongCase).toEqualTypeOf<AcceptBalanceTopupForm>();
  });

  it("keeps amounts an integer in requests and a decimal string in responses", () => {
    expectTypeOf<AcceptBalanceTopupForm["amount"]>().toEqualTypeOf<number>();
    expectTypeOf<TopupRequest["amount"]>().toEqualTypeOf<string>();
    expectTypeOf<TopupRequest["username"]>().toEqualTypeOf<string | null>();
  });

  it("types Paymob's own 400 and 401 bodies as the error result", async () => {
    const { error } = await client.POST("/topup/request/", {
      body: { amount: 500, type: "from_accept_balance", currency: "egyptian_pound", username: "u" },
    });
    expectTypeOf(error).toEqualTypeOf<ValidationErrorResponse | AuthErrorResponse | undefined>();
    expectTypeOf<ValidationErrorResponse["status_code"]>().toEqualTypeOf<"400">();
  });
});
