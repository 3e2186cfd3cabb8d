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
export async function generateTypes(
  document: OpenApiDocument,
  openEnums: readonly string[] = openEnumPointers(document),
): Promise<string> {
  const open = new Set(openEnums.map((pointer) => `#${pointer}`));
  const typed = withTypedRequirementChoices(document);
  const openEnum = (values: unknown[]) =>
    ts.factory.createUnionTypeNode([
      ...values.map((value) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(String(value)))),
      ANY_OTHER_STRING,
    ]);
  const ast = await openapiTS(typed as never, {
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

type Json = Record<string, unknown>;

/** Whether a oneOf/anyOf branch only says which of its parent's properties must be present (`{ required: [a] }`). */
const onlyRequires = (branch: unknown): branch is { required: string[] } =>
  typeof branch === "object" &&
  branch !== null &&
  Array.isArray((branch as Json).required) &&
  Object.keys(branch).every((key) => key === "required" || key === "description");

/**
 * A copy of the document in which a choice of required properties (`anyOf: [{ required: [detail] }, { required:
 * [status_description] }]` beside `properties`) is said in a way openapi-typescript types: it turns such a branch
 * into `unknown` and the choice into a union with the object (`{ … } | unknown`, which is `unknown`). Each branch
 * becomes an object of its required properties, and the choice an `allOf` item: `{ … } & ({ detail } | { … })`.
 */
function withTypedRequirementChoices(document: OpenApiDocument): OpenApiDocument {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== "object" || node === null) return node;
    const out: Json = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value)]));
    const properties = out.properties as Json | undefined;
    for (const key of ["anyOf", "oneOf"] as const) {
      const branches = out[key];
      if (!properties || !Array.isArray(branches) || !branches.every(onlyRequires)) continue;
      const typedBranches = branches.map((branch) => ({
        type: "object",
        required: branch.required,
        properties: Object.fromEntries(branch.required.map((name) => [name, properties[name] ?? {}])),
      }));
      delete out[key];
      out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), { [key]: typedBranches }];
    }
    return out;
  };
  return rewrite(document) as OpenApiDocument;
}
