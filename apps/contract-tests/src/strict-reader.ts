import { addSpecFormats, pointerSegment, SPEC_AJV_OPTIONS } from "@contracts/codegen/registry";
import { withoutBranchErrors } from "@contracts/runtime/internal";
import { Ajv } from "ajv";
import type { SpecContext } from "./spec.js";

/** One way a response body breaks its schema, located in the spec. */
export interface SchemaIssue {
  /** JSON pointer into the body; for a missing property, the property's would-be pointer. */
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** JSON pointer of the schema keyword that failed, in the hand-written spec (`…/OperationStatus/enum`). */
  schemaPointer: string;
}

/** The strict reader: the spec's schemas as written (enums closed) in Ajv, each error traced to its pointer. */
export function createStrictReader(spec: SpecContext) {
  const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, verbose: true, validateSchema: false });
  addSpecFormats(ajv);
  // the whole document is one schema resource, so `#/components/schemas/…` references resolve as written.
  ajv.addSchema(spec.document, "spec");
  const pointers = new Map<object, string>();
  const index = (node: unknown, pointer: string) => {
    if (typeof node !== "object" || node === null || pointers.has(node)) return;
    pointers.set(node, pointer);
    for (const [key, value] of Object.entries(node)) index(value, `${pointer}/${pointerSegment(key)}`);
  };
  index(spec.document, "");

  /** The issues of a body against the schema at `schemaPointer`; Ajv compiles each pointer once and keeps it. */
  return function read(schemaPointer: string, body: unknown): SchemaIssue[] {
    const validate = ajv.getSchema(`spec#${schemaPointer.split("/").map(encodeURIComponent).join("/")}`);
    if (!validate) throw new Error(`No schema at ${schemaPointer} in the ${spec.api} spec.`);
    if (validate(body)) return [];
    // a failed oneOf reports every branch's errors before itself; the choice alone is the finding.
    return withoutBranchErrors(validate.errors ?? []).map((error) => {
      const at = pointers.get(error.parentSchema as object) ?? schemaPointer;
      const missing = error.keyword === "required" ? `/${pointerSegment(String(error.params.missingProperty))}` : "";
      return {
        instancePath: `${error.instancePath}${missing}`,
        keyword: error.keyword,
        params: error.params as Record<string, unknown>,
        schemaPointer: `${at}/${error.keyword}`,
      };
    });
  };
}

export type StrictReader = ReturnType<typeof createStrictReader>;
