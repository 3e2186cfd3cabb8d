import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import type { OpenApiDocument } from "./load-spec.js";
import { openEnumPointers } from "./spec-markers.js";

const BLOB_OR_FILE = ts.factory.createUnionTypeNode([
  ts.factory.createTypeReferenceNode("Blob"),
  ts.factory.createTypeReferenceNode("File"),
]);
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());
/** `string & {}`: any string, without collapsing the literals beside it, so editors still complete them. */
const ANY_OTHER_STRING = ts.factory.createParenthesizedType(
  ts.factory.createIntersectionTypeNode([
    ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    ts.factory.createTypeLiteralNode([]),
  ]),
);

/**
 * TypeScript types for the spec: `paths`, `components`, `operations`, plus one named export per component schema
 * (`Account`, `TopupRequest`, …) so users never write `components["schemas"]["…"]` themselves. An enum marked
 * `x-open-enum` is typed as its known values plus any other string (`"pending" | … | (string & {})`): the
 * provider may send values the spec does not know yet, and a client must still read them.
 */
export async function generateTypes(document: OpenApiDocument): Promise<string> {
  const open = new Set(openEnumPointers(document).map((pointer) => `#${pointer}`));
  const openEnum = (values: unknown[]) =>
    ts.factory.createUnionTypeNode([
      ...values.map((value) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(String(value)))),
      ANY_OTHER_STRING,
    ]);
  const ast = await openapiTS(document as never, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    transform(schemaObject) {
      // Note: openapi-typescript consults `transform` for an enum only where it is an object's property.
      if (schemaObject["x-open-enum"] === true) return openEnum(schemaObject.enum ?? []);
      if (schemaObject.format !== "binary") return undefined;
      // Note: openapi-typescript maps `format: binary` to `string`; a file part is a Blob (or File) on the wire.
      const types = Array.isArray(schemaObject.type) ? schemaObject.type : [schemaObject.type];
      return types.includes("null") ? ts.factory.createUnionTypeNode([BLOB_OR_FILE, NULL]) : BLOB_OR_FILE;
    },
    // Note: a named enum schema never reaches `transform`; it is widened here, found by its pointer.
    postTransform(type, options) {
      if (!options.path || !open.has(options.path)) return undefined;
      const known = ts.isUnionTypeNode(type) ? type.types : [type];
      return ts.factory.createUnionTypeNode([...known, ANY_OTHER_STRING]);
    },
  });
  return astToString(ast);
}
