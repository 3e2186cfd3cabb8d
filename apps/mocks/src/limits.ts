import type { OperationDescriptor } from "@contracts/runtime/internal";

/** The most a body without files may weigh (the largest documented JSON or form body is under 1 KiB). */
const PLAIN_BODY_BYTES = 64 * 1024;
/** Room for a multipart form's other fields and framing around its files (the sandbox allows the same). */
const FORM_OVERHEAD_BYTES = 256 * 1024;
/** A file field whose spec documents no `x-max-bytes` (none does today) still gets a bound. */
const UNDOCUMENTED_FILE_BYTES = 8 * 1024 * 1024;
/** The most fields a form may have (the largest documented has 8): Prism parses about 55,000 in 4 s, stalling all. */
export const MAX_FORM_FIELDS = 100;
/** What all bodies being read at one time may hold together, so many uploads at once cannot exhaust memory. */
export const BODY_BUDGET_BYTES = 64 * 1024 * 1024;
/** How long a body may wait for room in that budget before the front answers 503. */
export const BUDGET_WAIT_MS = 10_000;
/** How long a client may pause in the middle of a body before the front answers 408. */
export const BODY_IDLE_MS = 15_000;
/** How long a body may wait for its turn at Prism, which parses forms on its one thread: uploads queue here instead. */
export const PRISM_QUEUE_MS = 30_000;
/** How long the front keeps reading (and discarding) a body it has refused before it closes the connection. */
export const LINGER_MS = 2_000;
/** How long Prism may take to answer before the front answers 504. */
export const UPSTREAM_TIMEOUT_MS = 30_000;
/** The largest response the front relays from Prism (its examples are a few KiB). */
export const RESPONSE_BYTES = 8 * 1024 * 1024;

/** The largest body an operation accepts: its files' documented limits plus room for the rest of the form. */
export function bodyLimit(op: OperationDescriptor | undefined): number {
  const files = Object.values(op?.requestBody?.files ?? {});
  if (files.length === 0) return PLAIN_BODY_BYTES;
  return files.reduce((sum, file) => sum + (file.maxBytes ?? UNDOCUMENTED_FILE_BYTES), FORM_OVERHEAD_BYTES);
}
