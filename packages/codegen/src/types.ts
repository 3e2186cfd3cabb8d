import { HTTP_METHODS } from "@contracts/runtime/internal";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import type { OpenApiDocument } from "./load-spec.js";
import { valueAtPointer } from "./pointer.js";

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
 * TypeScript types for the spec, one named export per component schema. An `x-open-enum` is its values plus any
 * other string (the provider may send new values, and a client must read them), except in a parameter: we send that.
 */
export async function generateTypes(document: OpenApiDocument, openEnums: readonly string[]): Promise<string> {
  const typed = withClosedParameters(
    withTypedRequirementChoices(document),
    new Set(openEnums.map((pointer) => `#${pointer}`)),
  );
  // an open enum written inline in a parameter was closed with it, so it is not widened below either.
  const open = new Set(
    openEnums
      .filter((pointer) => (valueAtPointer(typed, pointer) as Json | undefined)?.["x-open-enum"] === true)
      .map((pointer) => `#${pointer}`),
  );
  const openEnum = (values: unknown[]) =>
    ts.factory.createUnionTypeNode([
      ...values.map((value) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(String(value)))),
      ANY_OTHER_STRING,
    ]);
  const ast = await openapiTS(typed as never, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    transform(schemaObject) {
      // openapi-typescript consults `transform` for an enum only where it is an object's property.
      if (schemaObject["x-open-enum"] === true) return openEnum(schemaObject.enum ?? []);
      if (schemaObject.format !== "binary") return undefined;
      // openapi-typescript maps `format: binary` to `string`; a file part is a Blob (or File) on the wire.
      const types = Array.isArray(schemaObject.type) ? schemaObject.type : [schemaObject.type];
      return types.includes("null") ? ts.factory.createUnionTypeNode([BLOB_OR_FILE, NULL]) : BLOB_OR_FILE;
    },
    // a named enum schema never reaches `transform`; it is widened here, found by its pointer.
    postTransform(type, options) {
      if (!options.path || !open.has(options.path)) return undefined;
      const known = ts.isUnionTypeNode(type) ? type.types : [type];
      return ts.factory.createUnionTypeNode([...known, ANY_OTHER_STRING]);
    },
  });
  // openapi-typescript appends this note to a discriminator property's description, which an editor then shows users.
  return astToString(ast).replaceAll(" (enum property replaced by openapi-typescript)", "");
}

type Json = Record<string, unknown>;

/**
 * A copy of the document in which every parameter's schema has its open enums closed: a reference to one (`$ref:
 * TopupStatus` for the inquiry's `status` filter) becomes a copy of it without `x-open-enum`, so the filter's type
 * is the known values only. The components stay open for the responses that read them.
 */
function withClosedParameters(document: OpenApiDocument, open: ReadonlySet<string>): OpenApiDocument {
  const close = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(close);
    if (typeof node !== "object" || node === null) return node;
    const { $ref } = node as Json;
    if (typeof $ref === "string" && open.has($ref)) return close(valueAtPointer(document, $ref.slice(1)));
    const entries = Object.entries(node).filter(([key]) => key !== "x-open-enum");
    return Object.fromEntries(entries.map(([key, value]) => [key, close(value)]));
  };
  const copy = structuredClone(document) as Json & { paths?: Record<string, Json>; components?: Json };
  const parameters = Object.values(copy.paths ?? {})
    .flatMap((item) => [item, ...HTTP_METHODS.map((m) => item[m.toLowerCase()] as Json | undefined)])
    .flatMap((holder) => (Array.isArray(holder?.parameters) ? (holder.parameters as Json[]) : []));
  parameters.push(...Object.values((copy.components?.parameters ?? {}) as Record<string, Json>));
  for (const parameter of parameters) if ("schema" in parameter) parameter.schema = close(parameter.schema);
  return copy as OpenApiDocument;
}

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
