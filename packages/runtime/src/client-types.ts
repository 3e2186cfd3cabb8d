import type { MaybeOptionalInit, Middleware, ParseAsResponse } from "openapi-fetch";
import type {
  ErrorResponse,
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";

// openapi-fetch 0.17 passes every response type through `Readable<T>`, which maps `string & {}` (the
// "known values plus any string" type of an open enum) into an object of String's methods, so `data.status`
// stops being a string (openapi-ts/openapi-typescript#2765, fix proposed in #2766). The specs use no
// readOnly/writeOnly, so `Readable` has nothing to strip here: these types are openapi-fetch's own, minus it.
// Drop this file once a release of openapi-typescript-helpers carries the fix.

/** The final init parameter: optional when nothing in it is required (as openapi-fetch's own `InitParam`). */
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** What a call resolves to: `{ data, response }` for a documented success, `{ error, response }` otherwise. */
export type ApiResponse<T extends Record<string | number, unknown>, Options, Media extends MediaType> =
  | {
      data: ParseAsResponse<SuccessResponse<ResponseObjectMap<T>, Media>, Options>;
      error?: never;
      response: Response;
    }
  | { data?: never; error: ErrorResponse<ResponseObjectMap<T>, Media>; response: Response };

type ApiMethod<
  // biome-ignore lint/complexity/noBannedTypes: the constraint openapi-fetch's own ClientMethod takes
  Paths extends Record<string, Record<HttpMethod, {}>>,
  Method extends HttpMethod,
  Media extends MediaType,
> = <Path extends PathsWithMethod<Paths, Method>, Init extends MaybeOptionalInit<Paths[Path], Method>>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<ApiResponse<Paths[Path][Method], Init, Media>>;

// biome-ignore lint/complexity/noBannedTypes: the constraint openapi-fetch's own ClientRequestMethod takes
type ApiRequestMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Media extends MediaType> = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: InitParam<Init>
) => Promise<ApiResponse<Paths[Path][Method], Init, Media>>;

/** A typed client for one API: openapi-fetch's `Client`, with response types as the spec writes them. */
export interface ApiClient<Paths extends {}, Media extends MediaType = MediaType> {
  request: ApiRequestMethod<Paths, Media>;
  /** Call a GET endpoint */
  GET: ApiMethod<Paths, "get", Media>;
  /** Call a PUT endpoint */
  PUT: ApiMethod<Paths, "put", Media>;
  /** Call a POST endpoint */
  POST: ApiMethod<Paths, "post", Media>;
  /** Call a DELETE endpoint */
  DELETE: ApiMethod<Paths, "delete", Media>;
  /** Call an OPTIONS endpoint */
  OPTIONS: ApiMethod<Paths, "options", Media>;
  /** Call a HEAD endpoint */
  HEAD: ApiMethod<Paths, "head", Media>;
  /** Call a PATCH endpoint */
  PATCH: ApiMethod<Paths, "patch", Media>;
  /** Call a TRACE endpoint */
  TRACE: ApiMethod<Paths, "trace", Media>;
  /** Register middleware */
  use(...middleware: Middleware[]): void;
  /** Unregister middleware */
  eject(...middleware: Middleware[]): void;
}
