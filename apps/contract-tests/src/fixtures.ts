import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OperationModel } from "./spec.js";

const dir = join(import.meta.dirname, "..", "fixtures");

/** A real one-page PDF and a real 2×2 PNG, as the File a browser's file picker would give. */
export const proofPdf = () =>
  new File([readFileSync(join(dir, "proof.pdf"))], "proof.pdf", { type: "application/pdf" });
export const proofPng = () => new File([readFileSync(join(dir, "proof.png"))], "proof.png", { type: "image/png" });

const REAL_FILES: Record<string, () => File> = { "application/pdf": proofPdf, "image/png": proofPng };

/** A spec example made sendable: each file field becomes a real file of a type its rule allows (else a PDF). */
export function withFiles(op: OperationModel, example: Record<string, unknown>): Record<string, unknown> {
  const sendable = { ...example };
  for (const [field, rule] of Object.entries(op.requestBody?.files ?? {})) {
    if (!(field in sendable)) continue;
    const make = rule.contentTypes.map((type) => REAL_FILES[type]).find((f) => f !== undefined) ?? proofPdf;
    sendable[field] = make();
  }
  return sendable;
}
