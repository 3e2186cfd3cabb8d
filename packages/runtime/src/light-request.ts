const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * A request as openapi-fetch builds it, kept as its URL and init rather than a `Request`: fetch builds a Request of
 * its own anyway, and each costs an AbortSignal, so bare openapi-fetch pays for two and a client with a timeout
 * would pay for three. The client uses it only where nothing else sees the request (no middleware, no fetch or
 * recorder of the caller's, no body serializer of the caller's); it refuses what the Request constructor refuses.
 */
export class LightRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;

  constructor(
    readonly url: string,
    private readonly init: RequestInit,
  ) {
    new URL(url); // a URL that does not parse throws its TypeError here, as the Request constructor would
    this.method = (init.method ?? "GET").toUpperCase();
    if (FORBIDDEN_METHODS.has(this.method)) throw new TypeError(`'${this.method}' HTTP method is unsupported.`);
    // openapi-fetch makes a Headers per call, which the transport may then change (Authorization): no copy needed.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    if (this.body !== null && (this.method === "GET" || this.method === "HEAD")) {
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    }
    this.signal = init.signal ?? null;
  }

  /** A copy to send again: its headers its own, its body (a string, form or Blob: never a stream) shared. */
  clone(): LightRequest {
    return new LightRequest(this.url, { ...this.init, headers: new Headers(this.headers) });
  }

  /** Sends it with `fetch`, the transport's signal (if any) in place of the caller's. */
  send(signal: RequestInit | undefined): Promise<Response> {
    return globalThis.fetch(this.url, { ...this.init, headers: this.headers, ...signal });
  }
}
