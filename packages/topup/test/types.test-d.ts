import { describe, expectTypeOf, it } from "vitest";
import {
  type AcceptBalanceTopupForm,
  type AuthErrorResponse,
  type BankTransferTopupForm,
  type components,
  createTopupClient,
  type ServerErrorResponse,
  type ThrottledResponse,
  type TopupInquiryFilters,
  type TopupInquiryPage,
  type TopupRequest,
  type TopupRequestForm,
  type TopupStatus,
} from "../src/index.js";

type ValidationErrorResponse = components["schemas"]["ValidationErrorResponse"];

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
    expectTypeOf(error).toEqualTypeOf<
      ValidationErrorResponse | AuthErrorResponse | ThrottledResponse | ServerErrorResponse | undefined
    >();
    expectTypeOf<ValidationErrorResponse["status_code"]>().toEqualTypeOf<"400">();
  });

  it("types the 401 body as an object with detail or status_description, so an error check narrows data", async () => {
    expectTypeOf<AuthErrorResponse>().not.toBeUnknown();
    expectTypeOf<AuthErrorResponse>().not.toBeAny();
    // @ts-expect-error a number is not an error body
    const notABody: AuthErrorResponse = 42;
    // @ts-expect-error one of detail and status_description must be there
    const neither: AuthErrorResponse = { disbursement_status: "failed", status_code: "401" };
    const legacy: AuthErrorResponse = { disbursement_status: "failed", status_code: "401", status_description: "x" };
    expectTypeOf([notABody, neither, legacy]).not.toBeAny();

    const { data, error } = await client.GET("/topup/inquire/");
    if (error) throw new Error("The inquiry failed.");
    expectTypeOf(data).toEqualTypeOf<TopupInquiryPage>();
  });

  it("reads any status in a response but sends only the known ones as the inquiry's filter", () => {
    type Known = "initiated" | "pending" | "approved" | "rejected";
    expectTypeOf<"cancelled">().toExtend<TopupStatus>();
    expectTypeOf<NonNullable<TopupInquiryFilters["status"]>>().toEqualTypeOf<Known>();
    // @ts-expect-error the validator refuses a status the spec does not list, so the type does too
    const unknown: TopupInquiryFilters = { status: "done" };
    void client.GET("/topup/inquire/", {
      // @ts-expect-error the same for the raw client's query
      params: { query: { status: "done" } },
    });
    expectTypeOf(unknown).toEqualTypeOf<TopupInquiryFilters>();
  });
});
