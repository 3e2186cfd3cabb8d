import { setTimeout as sleep } from "node:timers/promises";
import { pointerSegment, valueAtPointer } from "@contracts/codegen";
import type { TopupRequest } from "@contracts/topup";
import { TopupStatusTransitions, TopupStatusValues } from "@contracts/topup/spec";
import type { Account, Operation } from "@contracts/upmobile";
import {
  OperationStatusTerminalValues,
  OperationStatusTransitions,
  OperationStatusValues,
} from "@contracts/upmobile/spec";
import { accountFor } from "./cases-upmobile.js";
import type { Exchange } from "./exchange.js";
import { type CaseContext, type ContractCase, caseList } from "./harness.js";
import { type Json, type OperationModel, requestBody, specContext } from "./spec.js";

/** A decimal string as an integer of 10⁻⁸ units, so money compares exactly; null when it is not one. */
export function units(amount: unknown): bigint | null {
  if (typeof amount !== "string" || !/^\d+(\.\d{1,8})?$/.test(amount)) return null;
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 10n ** 8n + BigInt(fraction.padEnd(8, "0"));
}

/** Every status a status may reach, following the spec's transitions (`x-transitions`) any number of steps. */
export function reachable(transitions: Readonly<Record<string, readonly string[]>>, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...(transitions[from] ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(transitions[next] ?? []));
  }
  return seen;
}

/** The stateful Upmobile checks: what the provider answers must agree with what the suite did. */
export async function upmobileStatefulCases(): Promise<ContractCase[]> {
  const spec = await specContext("upmobile");
  const { cases, add } = caseList(spec);
  const getOperation = spec.operation("GetOperation");
  const example = requestBody(spec.operation("InitWithdrawal")).examples[0]?.value as Json;

  /** Starts the spec's example withdrawal from a fitting account; skips the case when the provider refuses it. */
  const startWithdrawal = async (ctx: CaseContext) => {
    const account = await accountFor(ctx, example.currency_code);
    const body: Json = { ...example, account_id: account.id };
    const result = await ctx.upmobile().POST("/withdrawals", { body: body as never });
    const created = result.data?.data;
    if (!created)
      return ctx.skip(`InitWithdrawal answered ${result.response.status}, so there is no operation to follow`);
    return { account, body, created, exchange: ctx.exchange(result) };
  };
  const readOperation = async (ctx: CaseContext, id: string) =>
    ctx.exchange(await ctx.upmobile().GET("/operations/{id}", { params: { path: { id } } }));

  add({
    operationId: "GetOperation",
    status: "200",
    check: "stateful: withdrawal read-back",
    needs: ["state"],
    calls: ["GetAccounts", "InitWithdrawal"],
    name: "reads back the operation a withdrawal created: same id, account, amount, currency and destination",
    run: async (ctx) => {
      const { body, created } = await startWithdrawal(ctx);
      const seen = await readOperation(ctx, created.id);
      const read = (seen.body as { data?: Operation } | null)?.data;
      if (seen.status !== 200 || !read) return seen;
      const expected: Array<[keyof Operation, unknown, unknown]> = [
        ["id", created.id, read.id],
        ["from_account_id", body.account_id, read.from_account_id],
        ["currency_code", body.currency_code, read.currency_code],
        ["destination", body.destination, read.destination],
      ];
      for (const [field, sent, got] of expected) {
        if (sent !== got) {
          ctx.fail({
            rule: field,
            exchange: seen,
            pointer: getOperation.pointer,
            observed: { pointer: `/data/${field}`, value: got },
            message: `GetOperation ${created.id} answered ${field} ${JSON.stringify(got)}; the withdrawal was created with ${JSON.stringify(sent)}.`,
            suggestion: `GetOperation must return the operation InitWithdrawal created; ask the provider why ${field} differs (a different operation, or a field that changes meaning).`,
          });
        }
      }
      if (units(read.amount) !== units(body.amount)) {
        ctx.fail({
          rule: "amount",
          exchange: seen,
          pointer: `/components/schemas/Operation/properties/amount`,
          observed: { pointer: "/data/amount", value: read.amount },
          message: `GetOperation ${created.id} answered amount ${read.amount}; the withdrawal asked for ${String(body.amount)} ${String(body.currency_code)}.`,
          suggestion: `Operation.amount is read as the requested amount in currency_code; if the provider reports another amount (converted, or with commission), say so in the spec.`,
        });
      }
      return seen;
    },
  });

  add({
    operationId: "GetOperation",
    status: "200",
    check: "stateful: lifecycle",
    needs: ["state"],
    calls: ["GetAccounts", "InitWithdrawal"],
    name: "moves only forward along x-transitions, and a terminal status never changes",
    run: async (ctx) => {
      const { created } = await startWithdrawal(ctx);
      const statusPointer = "/components/schemas/OperationStatus";
      const terminal = new Set<string>(OperationStatusTerminalValues);
      const known = new Set<string>(OperationStatusValues);
      const seen: string[] = [created.status];
      let last: Exchange | undefined;
      const deadline = Date.now() + ctx.provider.lifecycleTimeoutMs;
      let afterTerminal = 0;
      for (let delay = 20; afterTerminal < 3; delay = Math.min(delay * 2, 500)) {
        if (!terminal.has(seen.at(-1) as string) && Date.now() > deadline) {
          ctx.note(
            `lifecycle: operation ${created.id} went ${seen.join(" → ")} and was still not terminal after ${ctx.provider.lifecycleTimeoutMs} ms (CONTRACT_LIFECYCLE_TIMEOUT_MS)`,
          );
          break;
        }
        await sleep(delay);
        last = await readOperation(ctx, created.id);
        const status = (last.body as { data?: Operation } | null)?.data?.status;
        if (last.status !== 200 || typeof status !== "string") break;
        const previous = seen.at(-1) as string;
        if (terminal.has(previous)) afterTerminal++;
        if (status === previous) continue;
        seen.push(status);
        if (!known.has(status)) continue; // an unlisted status is drift the schema check reports already.
        if (terminal.has(previous)) {
          ctx.fail({
            rule: "x-terminal-values",
            exchange: last,
            pointer: `${statusPointer}/x-terminal-values`,
            observed: { pointer: "/data/status", value: status },
            message: `Operation ${created.id} went ${seen.join(" → ")}: ${previous} is terminal in the spec, yet it changed.`,
            suggestion: `Take ${previous} out of x-terminal-values of OperationStatus (and give it its transitions), or ask the provider why a finished operation changed.`,
          });
          break;
        }
        if (known.has(previous) && !reachable(OperationStatusTransitions, previous).has(status)) {
          ctx.fail({
            rule: "x-transitions",
            exchange: last,
            pointer: `${statusPointer}/x-transitions`,
            observed: { pointer: "/data/status", value: status },
            message: `Operation ${created.id} went ${seen.join(" → ")}: the spec's lifecycle has no way from ${previous} to ${status}.`,
            suggestion: `Add ${previous} → ${status} to x-transitions of OperationStatus if the provider really does that.`,
          });
        }
      }
      return last ?? (await readOperation(ctx, created.id));
    },
  });

  addPageSize(
    add,
    spec.operation("GetAccounts"),
    "/data/accounts",
    "accounts",
    "find its page-size parameter and correct the spec.",
  );

  add({
    operationId: "InitWithdrawal",
    status: "200",
    check: "stateful: balance movement",
    needs: ["state"],
    calls: ["GetAccounts", "PreviewWithdrawal"],
    name: "moves the account's balance by amount + commission when a withdrawal is accepted",
    run: async (ctx) => {
      const account = await accountFor(ctx, example.currency_code);
      const body: Json = { ...example, account_id: account.id };
      const { account_id: _, destination: __, ...previewBody } = body;
      const preview = (await ctx.upmobile().POST("/withdrawals/preview", { body: previewBody as never })).data?.data;
      if (!preview) return ctx.skip("PreviewWithdrawal gave no figures to compare the balance with");
      if (preview.currency.code !== account.currency_code) {
        return ctx.skip(
          `the preview is in ${preview.currency.code} and the account in ${account.currency_code}: the movement cannot be computed`,
        );
      }
      const before = await books(ctx, account.id);
      const result = await ctx.upmobile().POST("/withdrawals", { body: body as never });
      const created = ctx.exchange(result);
      const after = await books(ctx, account.id);
      const moved = units(preview.amount) !== null && units(preview.commission) !== null;
      if (!result.data || !before || !after || !moved) return created;
      const status = result.data.data.status;
      const expected =
        status === "failed" || status === "canceled"
          ? 0n
          : (units(preview.amount) as bigint) + (units(preview.commission) as bigint);
      const actual = (units(before.balance) ?? 0n) - (units(after.balance) ?? 0n);
      if (actual !== expected) {
        ctx.fail({
          rule: "balance",
          exchange: created,
          pointer: "/components/schemas/Account/properties/balance",
          observed: { pointer: "/data/accounts/*/balance", value: after.balance },
          message: `After an accepted withdrawal of ${preview.amount} + ${preview.commission} commission, ${account.name}'s balance went ${before.balance} → ${after.balance} (moved ${format(actual)}, expected ${format(expected)}).`,
          suggestion:
            "The spec reads `balance` as the available funds and a withdrawal as holding amount + commission at once; correct Account.balance and held_balance to what the provider does.",
        });
      }
      return created;
    },
  });
  return cases;
}

/** An account's balances as listed now (walking up to ten pages of 100), or null when it is not listed. */
async function books(ctx: CaseContext, id: string): Promise<Account | null> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await ctx.upmobile().GET("/accounts", { params: { query: { page, page_size: 100 } } });
    const accounts = data?.data.accounts ?? [];
    const found = accounts.find((a) => a.id === id);
    if (found) return found;
    if (accounts.length < 100) return null;
  }
  return null;
}

/** Units of 10⁻⁸ as a decimal string, with at least two decimals (`-1.5` → `-1.50`). */
const format = (u: bigint) => {
  const digits = (u < 0n ? -u : u).toString().padStart(9, "0");
  return `${u < 0n ? "-" : ""}${digits.slice(0, -8)}.${digits.slice(-8).replace(/0{1,6}$/, "")}`;
};

/** The stateful Paymob checks. */
export async function topupStatefulCases(): Promise<ContractCase[]> {
  const spec = await specContext("topup");
  const { cases, add } = caseList(spec);
  const inquiry = spec.operation("InquireTopupRequests");
  const accept = requestBody(spec.operation("CreateTopupRequest")).examples.find(
    (e) => e.value.type === "from_accept_balance",
  )?.value as Json;

  add({
    operationId: "InquireTopupRequests",
    status: "200",
    check: "stateful: topup inquiry read-back",
    needs: ["state"],
    calls: ["CreateTopupRequest"],
    name: "lists a request just created, with the same fields",
    run: async (ctx) => {
      const result = await ctx.topup().POST("/topup/request/", { body: accept as never });
      const created = result.data;
      if (!created)
        return ctx.skip(`CreateTopupRequest answered ${result.response.status}, so there is nothing to look for`);
      let found: TopupRequest | undefined;
      let last: Exchange | undefined;
      for (let page = 1; page <= 20 && !found; page++) {
        last = ctx.exchange(await ctx.topup().GET("/topup/inquire/", { params: { query: { page, page_size: 100 } } }));
        const body = last.body as { next?: unknown; results?: { topup_requests?: TopupRequest[] } } | null;
        const listed = body?.results?.topup_requests ?? [];
        found = listed.find((t) => t.id === created.id);
        if (last.status !== 200 || !body?.next || listed.length === 0) break;
      }
      if (!last) throw new Error("The inquiry was never called.");
      if (!found) {
        ctx.fail({
          rule: "listed",
          exchange: last,
          pointer: inquiry.pointer,
          observed: { pointer: "/results/topup_requests", value: `no request ${created.id}` },
          message: `The request ${created.id} that CreateTopupRequest just recorded is not in GET /topup/inquire/.`,
          suggestion:
            "InquireTopupRequests is read as listing every request of the caller, newest first; find out how the provider filters (dates, statuses, delay) and say so in the spec.",
        });
        return last;
      }
      const moved = (from: string, to: string) =>
        TopupStatusValues.includes(from as never) && reachable(TopupStatusTransitions, from).has(to);
      for (const [field, value] of Object.entries(created) as Array<[keyof TopupRequest, unknown]>) {
        const listed = found[field];
        if (field === "updated_at" || JSON.stringify(listed) === JSON.stringify(value)) continue;
        if (field === "status" && moved(String(value), String(listed))) continue;
        ctx.fail({
          rule: field,
          exchange: last,
          pointer: `/components/schemas/TopupRequest/properties/${pointerSegment(field)}`,
          observed: { pointer: `/results/topup_requests/*/${field}`, value: listed },
          message: `Request ${created.id} was created with ${field} ${JSON.stringify(value)} but the inquiry lists ${JSON.stringify(listed)}.`,
          suggestion: `The inquiry should show a request as it was recorded; ask the provider why ${field} differs.`,
        });
      }
      return last;
    },
  });

  addPageSize(add, inquiry, "/results/topup_requests", "requests", "correct the spec's parameter.");
  return cases;
}

/** The page-size check of a listing: asked for one item per page, the provider lists at most one. */
function addPageSize(
  add: ReturnType<typeof caseList>["add"],
  op: OperationModel,
  items: string,
  noun: string,
  fix: string,
) {
  const { operationId, path } = op;
  add({
    operationId,
    status: "200",
    check: "stateful: page size",
    needs: ["state"],
    name: "honours page_size=1",
    run: async (ctx) => {
      const seen = ctx.exchange(await ctx.client().request("GET", path, { params: { query: { page_size: 1 } } }));
      const listed = valueAtPointer(seen.body, items);
      if (Array.isArray(listed) && listed.length > 1) {
        ctx.fail({
          rule: "page_size",
          exchange: seen,
          pointer: op.facts.parameters.find((p) => p.name === "page_size")?.pointer ?? op.pointer,
          observed: { pointer: items, value: `${listed.length} ${noun}` },
          message: `${operationId} with page_size=1 answered ${listed.length} ${noun}.`,
          suggestion: `The provider ignores page_size (or calls it something else): ${fix}`,
        });
      }
      return seen;
    },
  });
}
