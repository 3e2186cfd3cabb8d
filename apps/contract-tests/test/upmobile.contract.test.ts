import { describe, inject, it } from "vitest";
import { upmobileCases } from "../src/cases-upmobile.js";
import { assertConforms, caseContext } from "../src/harness.js";

const provider = inject("provider");
const ctx = caseContext(provider);
const cases = await upmobileCases();

describe(`Upmobile contract against ${provider.name}`, () => {
  it.each(cases.map((c) => [`${c.operationId} ${c.status}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    if (c.needsPrefer && !provider.honoursPrefer) return;
    await assertConforms(c, await c.run(ctx));
  });
});
