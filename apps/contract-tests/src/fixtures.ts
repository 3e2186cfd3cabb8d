import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "..", "fixtures");

/** A real one-page PDF and a real 2×2 PNG, as the File a browser's file picker would give. */
export const proofPdf = () =>
  new File([readFileSync(join(dir, "proof.pdf"))], "proof.pdf", { type: "application/pdf" });
export const proofPng = () => new File([readFileSync(join(dir, "proof.png"))], "proof.png", { type: "image/png" });
