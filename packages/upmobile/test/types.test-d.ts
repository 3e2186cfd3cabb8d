import { describe, expectTypeOf, it } from "vitest";
import {
  type Account,
  createUpmobileClient,
  type ErrorResponse,
  type Operation,
  type OperationStatus,
  type WithdrawalRequest,
} from "../src/index.js";
import type { OperationStatusTerminalValues } from "../src/spec.js";

const client = createUpmobileClient({ baseUrl: "http://127.0.0.1:1", token: "t" });

describe("Upmobile types", () => {
  it("keeps money as decimal strings, never numbers", () => {
    expectTypeOf<Account["balance"]>().toEqualTypeOf<string>();
    expectTypeOf<WithdrawalRequest["amount"]>().toEqualTypeOf<string>();
    expectTypeOf<Operation["amount"]>().not.toEqualTypeOf<number>();
  });

  it("types enums as unions, so an unknown value is a type error", () => {
    expectTypeOf<WithdrawalRequest["currency_code"]>().toEqualTypeOf<"RUB" | "USD">();
    expectTypeOf<WithdrawalRequest["category_code"]>().toEqualTypeOf<"mobile" | "crypto" | "game">();
    const body: WithdrawalRequest = {
      account_id: "0f8e2c1a-3b4d-4e5f-8a9b-1c2d3e4f5a6b",
      amount: "1.00",
      // @ts-expect-error EUR is not a currency the API accepts
      currency_code: "EUR",
      category_code: "mobile",
      destination: "+79999999999",
      operator_code: "beeline",
      region_code: "RU",
    };
    expectTypeOf(body).toEqualTypeOf<WithdrawalRequest>();
  });

  it("types open enums as the known values plus any other string, also in what the client returns", async () => {
    expectTypeOf<"cancelled">().toExtend<OperationStatus>();
    expectTypeOf<"pending">().toExtend<Operation["status"]>();
    // not collapsed into plain `string`, so editors still offer the known values.
    expectTypeOf<OperationStatus>().not.toEqualTypeOf<string>();
    expectTypeOf<number>().not.toExtend<OperationStatus>();
    const { data } = await client.GET("/operations/{id}", { params: { path: { id: "x" } } });
    if (data) {
      // openapi-fetch's own Readable<T> would turn `string & {}` into an object of String's methods.
      expectTypeOf(data.data.status).toEqualTypeOf<OperationStatus>();
      expectTypeOf(data.data.status).toExtend<string>();
      expectTypeOf(data.data.from_account.status.toUpperCase()).toEqualTypeOf<string>();
    }
  });

  it("keeps owner_id optional", () => {
    expectTypeOf<Account>().toHaveProperty("owner_id");
    expectTypeOf<Pick<Account, "owner_id">>().toEqualTypeOf<{ owner_id?: string }>();
  });

  it("derives terminal statuses from the spec's lifecycle", () => {
    expectTypeOf<(typeof OperationStatusTerminalValues)[number]>().toEqualTypeOf<"completed" | "failed" | "canceled">();
    expectTypeOf<(typeof OperationStatusTerminalValues)[number]>().toExtend<OperationStatus>();
  });

  it("types success and error bodies per operation", async () => {
    const { data, error } = await client.GET("/operations/{id}", { params: { path: { id: "x" } } });
    expectTypeOf(data?.data).toEqualTypeOf<Operation | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | undefined>();
    // @ts-expect-error the path parameter is required
    await client.GET("/operations/{id}", {});
    // @ts-expect-error the body of a withdrawal is required
    await client.POST("/withdrawals", {});
  });
});
