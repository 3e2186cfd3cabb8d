// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the format browsers, Playwright, mitmproxy, Charles and
// Proxyman export, so recordings from the clients, from the proxy and from those tools are read by one verifier.
// Fields whose names start with `_` are the format's custom fields.

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

/** A form field of `postData.params`; a file part carries its size and SHA-256 instead of its bytes. */
export interface HarParam {
  name: string;
  value?: string;
  fileName?: string;
  contentType?: string;
  comment?: string;
  /** A file part's size in bytes. */
  _size?: number;
  /** A file part's SHA-256, hex. */
  _sha256?: string;
}

export interface HarPostData {
  mimeType: string;
  params?: HarParam[];
  text?: string;
  comment?: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  /** `base64` when `text` holds base64 of binary content. */
  encoding?: string;
  comment?: string;
}

export interface HarResponse {
  /** 0 when no HTTP answer came (the `_error` field then says why). */
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
  /** Why there is no answer: a network error or a timeout (no HAR tool defines this; ours). */
  _error?: string;
}

export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  ssl?: number;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  /** The operation the entry called, when the writer knew it (our clients and proxy do). */
  _operationId?: string;
}

export interface HarLog {
  log: {
    version: "1.2";
    creator: { name: string; version: string; comment?: string };
    browser?: { name: string; version: string };
    pages?: unknown[];
    entries: HarEntry[];
    comment?: string;
  };
}
