import { describe, expectTypeOf, it } from "vitest";
import type {
  AuthenticationError,
  ClientError,
  HttpError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  UnknownStatusError,
  ValidationError,
} from "../src/index.js";

describe("the error family", () => {
  it("narrows to the class in an exhaustive switch on kind", () => {
    const describe = (error: ClientError): string => {
      switch (error.kind) {
        case "validation":
          expectTypeOf(error).toEqualTypeOf<ValidationError & { readonly kind: "validation" }>();
          return error.subject;
        case "request-validation":
          expectTypeOf(error).toEqualTypeOf<RequestValidationError>();
          return error.operationId;
        case "response-validation":
          expectTypeOf(error).toEqualTypeOf<ResponseValidationError>();
          return String(error.status);
        case "http":
          expectTypeOf(error).toEqualTypeOf<HttpError>();
          return String(error.status);
        case "timeout":
          expectTypeOf(error).toEqualTypeOf<TimeoutError>();
          return String(error.timeoutMs);
        case "network":
          expectTypeOf(error).toEqualTypeOf<NetworkError>();
          return error.what;
        case "unknown-status":
          expectTypeOf(error).toEqualTypeOf<UnknownStatusError>();
          return error.status;
        case "authentication":
          expectTypeOf(error).toEqualTypeOf<AuthenticationError>();
          return String(error.status);
        default: {
          // every kind is handled: a new one makes this line a type error.
          const unhandled: never = error;
          return unhandled;
        }
      }
    };
    expectTypeOf(describe).returns.toEqualTypeOf<string>();
  });
});
