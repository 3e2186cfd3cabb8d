import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A repository root whose `redocly.yaml` names one API, `refunds` (specs/refunds/openapi.yaml): a third API that no
 * tool of this repository was written for. Read-only: tests that write into the registry (the docs' Changes page,
 * `pnpm dev`) take a {@link copyTestRegistry}.
 */
export const TEST_REGISTRY_ROOT = join(import.meta.dirname, "..", "registry");

/** The fixture API's alias in that registry. */
export const TEST_API = "refunds";

/** A copy of the registry in a temporary folder, for tests that write into it; `remove()` deletes it. */
export async function copyTestRegistry(): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "test-registry-"));
  await cp(TEST_REGISTRY_ROOT, root, { recursive: true });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
