import type { CaseContext, ContractCase, Exchange } from "./harness.js";
import { exchange } from "./harness.js";
import { type ApiName, type OperationModel, operations, parameters, requestBody } from "./spec.js";

type Json = Record<string, unknown>;

/**
 * Every named example of every documented response, asked for with `Prefer: code=…, example=…`: the provider must
 * serve it, and it must conform. Only Prism honours the header, so these run against the mocks alone.
 */
export async function documentedExampleCases(): Promise<ContractCase[]> {
  const cases: ContractCase[] = [];
  for (const api of ["upmobile", "topup"] as const) {
    for (const op of await operations(api)) {
      for (const [status, response] of Object.entries((op.operation.responses as Record<string, Json>) ?? {})) {
        const media = Object.values((response.content as Record<string, Json>) ?? {})[0];
        for (const [name, example] of Object.entries((media?.examples as Record<string, { value: unknown }>) ?? {})) {
          cases.push({
            api,
            operationId: op.operationId,
            status: Number(status),
            check: "documented error",
            needsPrefer: true,
            name: `serves the documented example "${name}"`,
            run: async (ctx) => {
              const seen = await callWithPrefer(ctx, api, op, `code=${status}, example=${name}`);
              if (JSON.stringify(seen.body) !== JSON.stringify(example.value)) {
                throw new Error(`Expected the example "${name}", got ${JSON.stringify(seen.body)}`);
              }
              return seen;
            },
          });
        }
      }
    }
  }
  return cases;
}

/** A valid call of any operation (its first request example, its parameters' examples) with a Prefer header. */
async function callWithPrefer(
  ctx: CaseContext,
  api: ApiName,
  op: OperationModel,
  preferValue: string,
): Promise<Exchange> {
  const params = parameters(op);
  const pick = (where: string) =>
    Object.fromEntries(params.filter((p) => p.in === where && p.example !== undefined).map((p) => [p.name, p.example]));
  const hasBody = op.operation.requestBody !== undefined;
  const example = hasBody ? (requestBody(op).examples[0]?.value as Json) : undefined;
  const body =
    example && "to_attach_proof" in example
      ? { ...example, to_attach_proof: new File(["%PDF-1.4"], "proof.pdf", { type: "application/pdf" }) }
      : example;
  const client = (api === "upmobile" ? ctx.upmobile() : ctx.topup()) as unknown as {
    request(
      method: string,
      path: string,
      init: unknown,
    ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };
  return exchange(
    await client.request(op.method, op.path, {
      params: { path: pick("path"), query: pick("query") },
      body,
      headers: { Prefer: preferValue },
    }),
  );
}
