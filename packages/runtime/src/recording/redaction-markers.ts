/** What a secret (a token, a password, a client secret, a cookie) is written as: nothing of it is kept. */
export const REDACTED = "[REDACTED]";

const HASHED = /^\[HMAC-SHA256:[0-9a-f]{16}\]$/;

/** What a personal value is written as: a keyed hash, so equal values stay equal without being readable. */
export function hashedMarker(hex: string): string {
  return `[HMAC-SHA256:${hex.slice(0, 16)}]`;
}

/**
 * Whether a recorded value is one the recorder replaced: a checker of recorded traffic must never report such a
 * value as drift (it is not what the provider sent).
 */
export function isRedactedValue(value: unknown): boolean {
  return typeof value === "string" && (value === REDACTED || HASHED.test(value));
}
