import type { OperationDescriptor } from "../operation-table.js";

/** What the client hands the recorder for one call. */
export interface RecordedCall<T> {
  operation: OperationDescriptor | undefined;
  init: Record<string, unknown> | undefined;
  /** The transport: sends a request, retries and authorization included. */
  fetch: (request: Request) => Promise<Response>;
  /** Makes the call through openapi-fetch with the given fetch. */
  send: (fetch: (request: Request) => Promise<Response>) => Promise<T>;
}

/** Makes one call and records it; the call's result or error passes through untouched. */
export type CallRecorder = <T>(call: RecordedCall<T>) => Promise<T>;

type Binder = (client: { token?: unknown }) => CallRecorder;

// The client finds a recorder's hook here, so that a bundle without createHarRecorder carries none of its code.
const binders = new WeakMap<object, Binder>();

export function registerRecorder(recorder: object, bind: Binder): void {
  binders.set(recorder, bind);
}

/** The hook of a recorder for one client, which says whether it sends a token. */
export function bindRecorder(recorder: object, client: { token?: unknown }): CallRecorder {
  const bind = binders.get(recorder);
  if (!bind) throw new TypeError("recorder must be made by createHarRecorder().");
  return bind(client);
}
