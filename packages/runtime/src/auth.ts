/**
 * Something that hands out access tokens and can replace one the server rejected. `refresh` receives the rejected
 * token, so that when many requests fail at once only the first triggers a refresh and the rest reuse its result.
 */
export interface TokenProvider {
  getToken(): Promise<string>;
  refresh(rejectedToken: string): Promise<string>;
}

/** A token, a function returning the current one (called before every request), or a refreshing provider. */
export type TokenSource = string | (() => string | Promise<string>) | TokenProvider;

export function isTokenProvider(source: TokenSource): source is TokenProvider {
  return typeof source === "object" && source !== null && typeof source.getToken === "function";
}

/** The current token from any source; fails, without echoing anything, when the source gives none. */
export async function resolveToken(source: TokenSource): Promise<string> {
  const value =
    typeof source === "string" ? source : isTokenProvider(source) ? await source.getToken() : await source();
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError("The token source returned no token (expected a non-empty string).");
  }
  return value;
}

/** The `Authorization` header value: `<scheme> <token>`, or the bare token when the scheme is null. */
export function authorizationValue(token: string, scheme: string | null): string {
  return scheme ? `${scheme} ${token}` : token;
}
