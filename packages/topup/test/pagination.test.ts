import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { createTopupClient, paginateTopupRequests, type TopupRequest } from "../src/index.js";
import { acceptBalanceRequest } from "./support/fixtures.js";

const record = (id: number): TopupRequest => ({ ...acceptBalanceRequest, id });

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A DRF-style inquiry over `total` records: `next` is a link until the last page, then null — or, for a provider
 * whose `next` never ends, always a link.
 */
async function clientWith(total: number, nextNeverEnds = false) {
  server = await startScriptedServer((req) => {
    const url = new URL(req.url, server?.url);
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 10);
    const ids = Array.from({ length: total }, (_, i) => i + 1).slice((page - 1) * size, page * size);
    const link = (p: number) => `${server?.url}/topup/inquire/?page=${p}&page_size=${size}`;
    return {
      status: 200,
      body: {
        count: total,
        next: nextNeverEnds || page * size < total ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: { status: "success", topup_requests: ids.map(record) },
      },
    };
  });
  return createTopupClient({ baseUrl: server.url, token: "t", validate: { response: true } });
}

describe("paginateTopupRequests", () => {
  it.each([
    [0, 1],
    [4, 1],
    [23, 3],
  ])("iterates %i records in %i request(s), passing the filters on", async (total, requests) => {
    const client = await clientWith(total);
    const ids: number[] = [];
    for await (const r of paginateTopupRequests(client, { status: "pending", page_size: 10 })) ids.push(r.id);
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(server?.requests.map((r) => r.url)).toEqual(
      Array.from({ length: requests }, (_, i) => `/topup/inquire/?status=pending&page_size=10&page=${i + 1}`),
    );
  });

  it("stops on a short page even when next never ends", async () => {
    const client = await clientWith(13, true);
    expect(await paginateTopupRequests(client, { page_size: 10 }).toArray()).toHaveLength(13);
    expect(server?.requests).toHaveLength(2);
  });
});
