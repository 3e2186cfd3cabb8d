import {
  apiEnvName,
  compileValidators,
  findRepositoryRoot,
  type LoadedApi,
  loadApis,
  loadSpec,
} from "@contracts/codegen";
import type { OperationTable, Validators } from "@contracts/runtime/internal";

/** The first mock port; each API of the registry takes the next one, in its order (Upmobile 4010, Topup 4011). */
const FIRST_PORT = 4010;

/** One mocked API: its facts from the registry, where it listens by default, the token it accepts, Prism's spec. */
export interface MockedApi extends LoadedApi {
  defaultPort: number;
  /** `<API>_MOCK_PORT`, which overrides the default port. */
  portEnv: string;
  /** The token the mock accepts (`mock-<alias>-token`); anything else gets the spec's own 401 body. */
  token: string;
  /** The spec fully dereferenced, as Prism serves it. */
  prismDocument: Record<string, unknown>;
  /** The spec's request and response validators, compiled from it as `pnpm generate` compiles them. */
  validators: Validators<OperationTable>;
}

/** Every API of the registry (`redocly.yaml` under `root`: this repository's by default), ready to mock. */
export async function loadMockedApis(root: string = findRepositoryRoot(import.meta.dirname)): Promise<MockedApi[]> {
  const apis = await loadApis(root);
  return Promise.all(
    apis.map(async (api, index) => ({
      ...api,
      defaultPort: FIRST_PORT + index,
      portEnv: apiEnvName(api.alias, "MOCK_PORT"),
      token: `mock-${api.alias}-token`,
      prismDocument: await loadSpec(api.specPath, true),
      validators: compileValidators(api),
    })),
  );
}
