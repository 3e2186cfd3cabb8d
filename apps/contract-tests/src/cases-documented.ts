import { withFiles } from "./fixtures.js";
import { type CaseContext, type ContractCase, caseList } from "./harness.js";
import {
  response as documentedResponse,
  type OperationModel,
  openRegistry,
  type Registry,
  requestBody,
} from "./spec.js";

/** Every named example of every documented response, asked for with `Prefer` (only Prism honours it). */
export async function documentedExampleCases(registry?: Registry): Promise<ContractCase[]> {
  const { apis, spec: specOf } = registry ?? (await openRegistry());
  const all: ContractCase[] = [];
  for (const api of apis) {
    const spec = specOf(api);
    const { cases, add } = caseList(spec);
    for (const op of Object.values(spec.operations).map((o) => spec.operation(o.operationId))) {
      for (const status of Object.keys(op.facts.responses)) {
        const response = documentedResponse(op, status);
        for (const { name, value } of response.examples) {
          // Prism picks a `5XX` response for any code in its range.
          const code = status.endsWith("XX") ? `${status[0]}00` : status;
          add({
            operationId: op.operationId,
            status,
            check: "documented example",
            expect: { kind: "status", status },
            needs: ["prefer"],
            name: `serves the documented example "${name}"`,
            run: async (ctx) => {
              const seen = await callWithPrefer(ctx, op, `code=${code}, example=${name}`);
              if (JSON.stringify(seen.body) !== JSON.stringify(value)) {
                ctx.fail({
                  rule: "example",
                  exchange: seen,
                  pointer: `${response.pointer}/content`,
                  observed: { pointer: "", value: seen.body },
                  message: `${op.operationId} did not serve the documented example "${name}" for ${status}.`,
                  suggestion: `Check the example "${name}" against what the provider serves for it.`,
                });
              }
              return seen;
            },
          });
        }
      }
    }
    all.push(...cases);
  }
  return all;
}

/** A valid call of an operation (its first request example, its parameters' examples) with a Prefer header. */
async function callWithPrefer(ctx: CaseContext, op: OperationModel, prefer: string) {
  const params = op.facts.parameters;
  const pick = (where: string) =>
    Object.fromEntries(params.filter((p) => p.in === where && p.example !== undefined).map((p) => [p.name, p.example]));
  const example = op.facts.requestBody ? requestBody(op).examples[0]?.value : undefined;
  const result = await ctx.client(op.api).request(op.method, op.path, {
    params: { path: pick("path"), query: pick("query") },
    body: example && withFiles(op, example),
    headers: { Prefer: prefer },
  });
  return ctx.exchange(result);
}
