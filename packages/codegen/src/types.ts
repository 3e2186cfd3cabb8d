import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import type { OpenApiDocument } from "./load-spec.js";

const BLOB_OR_FILE = ts.factory.createUnionTypeNode([
  ts.factory.createTypeReferenceNode("Blob"),
  ts.factory.createTypeReferenceNode("File"),
]);
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * TypeScript types for the spec: `paths`, `components`, `operations`, plus one named export per component schema
 * (`Account`, `TopupRequest`, …) so users never write `components["schemas"]["…"]` themselves.
 */
export async function generateTypes(document: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(document as never, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    // Note: openapi-typescript maps `format: binary` to `string`; a file part is a Blob (or File) on the wire.
    transform(schemaObject) {
      if (schemaObject.format !== "binary") return undefined;
      const types = Array.isArray(schemaObject.type) ? schemaObject.type : [schemaObject.type];
      return types.includes("null") ? ts.factory.createUnionTypeNode([BLOB_OR_FILE, NULL]) : BLOB_OR_FILE;
    },
  });
  return astToString(ast);
}
