// reading a pointer is the runtime's (its validators label issues with it); codegen adds only the escaping.
export { segments, valueAt as valueAtPointer } from "@contracts/runtime/internal";

/** One JSON-pointer segment, escaped (`/` → `~1`, `~` → `~0`). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
