import { findRepositoryRoot, loadSpec, type OpenApiDocument, readApis } from "@contracts/codegen";
import type { OperationTable } from "@contracts/runtime";
import { operationTable as topupOperations } from "@contracts/topup";
import { operationTable as upmobileOperations } from "@contracts/upmobile";

/** One mocked API: where it listens by default, the token it accepts, and its spec as Prism will serve it. */
export interface MockedApi {
  alias: string;
  defaultPort: number;
  portEnv: string;
  /** The token the mock accepts; anything else gets the spec's own 401 body. */
  token: string;
  operations: OperationTable;
  document: OpenApiDocument;
}

const SETTINGS: Record<string, { defaultPort: number; portEnv: string; token: string; operations: OperationTable }> = {
  upmobile: {
    defaultPort: 4010,
    portEnv: "UPMOBILE_MOCK_PORT",
    token: "mock-upmobile-token",
    operations: upmobileOperations,
  },
  topup: { defaultPort: 4011, portEnv: "TOPUP_MOCK_PORT", token: "mock-topup-token", operations: topupOperations },
};

/** Both APIs from redocly.yaml, each bundled (every `$ref` across files inlined) as Prism needs it. */
export async function loadMockedApis(): Promise<MockedApi[]> {
  const root = findRepositoryRoot(import.meta.dirname);
  return Promise.all(
    readApis(root).map(async (api) => {
      const settings = SETTINGS[api.alias];
      if (!settings) throw new Error(`No mock settings for API "${api.alias}" (add it to apps/mocks/src/apis.ts).`);
      return { alias: api.alias, ...settings, document: await loadSpec(api.specPath, true) };
    }),
  );
}
