/** The first bytes of each proof type, as a provider checks them; a declared type without an entry is not checked. */
const SIGNATURES: Readonly<Record<string, { bytes: readonly number[]; name: string; shown: string }>> = {
  "application/pdf": { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: "PDF", shown: "%PDF-" },
  "image/png": {
    bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    name: "PNG",
    shown: "89 50 4E 47 0D 0A 1A 0A",
  },
  "image/jpeg": { bytes: [0xff, 0xd8, 0xff], name: "JPEG", shown: "FF D8 FF" },
};

/** Why the content does not match its declared type, or undefined when it does (or the type has no signature). */
export function signatureMismatch(head: Uint8Array, declaredType: string): string | undefined {
  const signature = SIGNATURES[declaredType.split(";")[0]?.trim().toLowerCase() ?? ""];
  if (!signature) return undefined;
  const matches = signature.bytes.every((byte, i) => head[i] === byte);
  return matches
    ? undefined
    : `The file is declared as ${signature.name} but its content is not (a ${signature.name} file starts with ${signature.shown}).`;
}
