/**
 * The validation half of `@contracts/runtime` (error sentences, file checks, string formats), loaded from where the
 * generated packages load it. The bench does not depend on the runtime package directly, so it is resolved from
 * `@contracts/upmobile`, which does: the very module instance the generated validators use.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export interface ValidationIssue {
  path: string;
  message: string;
  keyword: string;
}

export type ValidationResult = { valid: true } | { valid: false; errors: ValidationIssue[] };

export interface FileRule {
  readonly maxBytes: number | null;
  readonly contentTypes: readonly string[];
}

export interface DiscriminatorDescriptor {
  propertyName: string;
  values: readonly string[];
}

/** The error shape Ajv's compiled functions leave on `errors`. */
export interface RawError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  schemaPath?: string;
  message?: string;
}

interface ValidationModule {
  describeErrors(
    raw: readonly RawError[],
    patterns: Readonly<Record<string, string>>,
    data: unknown,
    discriminator?: DiscriminatorDescriptor,
  ): ValidationIssue[];
  checkFiles(body: unknown, files: Readonly<Record<string, FileRule>>): ValidationIssue[];
}

interface HelpersModule {
  formats: Record<string, (value: string) => boolean>;
}

export interface RuntimeValidation extends ValidationModule, HelpersModule {}

/** Loads `@contracts/runtime/validation` and `@contracts/runtime/ajv-helpers` as `@contracts/upmobile` sees them. */
export async function loadRuntimeValidation(): Promise<RuntimeValidation> {
  const require = createRequire(import.meta.resolve("@contracts/upmobile/package.json"));
  const load = (specifier: string) => import(pathToFileURL(require.resolve(specifier)).href);
  const validation = (await load("@contracts/runtime/validation")) as ValidationModule;
  const helpers = (await load("@contracts/runtime/ajv-helpers")) as HelpersModule;
  return { describeErrors: validation.describeErrors, checkFiles: validation.checkFiles, formats: helpers.formats };
}
