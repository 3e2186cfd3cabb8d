import { describe, inject, it } from "vitest";
import { documentedExampleCases } from "../src/cases-documented.js";
import { assertConforms, caseContext } from "../src/harness.js";

const provider = inject("provider");
const ctx = caseContext(provider);
const cases = await documentedExampleCases();

describe.skipIf(!provider.honoursPrefer)(`every documented response example, served by ${provider.name}`, () => {
  it.each(cases.map((c) => [`${c.api} ${c.operationId} ${c.status}: ${c.name}`, c] as const))(
    "%s",
    async (_name, c) => {
      await assertConforms(c, await c.run(ctx));
    },
  );
});
