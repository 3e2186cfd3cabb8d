import type { Middleware } from "openapi-fetch";

/** A token, or a function that returns the current one (called before every request, so it may refresh). */
export type TokenSource = string | (() => string | Promise<string>);

export interface AuthorizationOptions {
  token: TokenSource;
  /**
   * What precedes the token in the `Authorization` header. `"Bearer"` by default; `null` sends the token as it is,
   * for providers that take a raw API key in that header.
   */
  scheme?: string | null;
}

/** Sets `Authorization` on every request. The token is never logged, and never put into an error message. */
export function authorizationMiddleware({ token, scheme = "Bearer" }: AuthorizationOptions): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      if (typeof value !== "string" || value.length === 0) {
        throw new TypeError("The token source returned no token (expected a non-empty string).");
      }
      request.headers.set("Authorization", scheme ? `${scheme} ${value}` : value);
      return request;
    },
  };
}
