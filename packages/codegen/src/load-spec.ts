import { bundle, createConfig } from "@redocly/openapi-core";

export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  info: { title: string; version: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, SchemaObject> };
};

export type SchemaObject = Record<string, unknown>;

/** The spec with every external `$ref` inlined (internal refs kept), and optionally fully dereferenced. */
export async function loadSpec(specPath: string, dereference = false): Promise<OpenApiDocument> {
  const config = await createConfig({});
  const { bundle: result, problems } = await bundle({ ref: specPath, config, dereference });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((p) => `- ${p.message} (${p.location[0]?.pointer ?? "?"})`);
    throw new Error(`Could not bundle ${specPath}:\n${lines.join("\n")}`);
  }
  // bundling resolves refs in place; a structured clone detaches the result from the resolver's cache.
  return structuredClone(result.parsed) as OpenApiDocument;
}
