import { HttpError } from "@contracts/runtime";
import { type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { afterEach, describe, expect, it } from "vitest";
import { type Account, createUpmobileClient, paginateAccounts } from "../src/index.js";
import { account } from "./support/fixtures.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A server holding `total` accounts that pages them like the API: `pages` is the total page count, unless
 * `reportedPages` says what a provider that gets it wrong reports instead.
 */
async function clientWith(total: number, reportedPages?: number) {
  const all = Array.from({ length: total }, (_, i) => account(i + 1));
  server = await startScriptedServer((req) => {
    const url = new URL(req.url, "http://x");
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 20);
    const accounts = all.slice((page - 1) * size, page * size);
    return {
      status: 200,
      body: {
        data: { accounts, pages: reportedPages ?? Math.ceil(total / size) },
        status: "success",
        status_code: 200,
      },
    };
  });
  return createUpmobileClient({ baseUrl: server.url, token: "t" });
}

describe("paginateAccounts", () => {
  it.each([
    [0, 10, 1],
    [7, 10, 1],
    // a full last page cannot be told from a full middle page without trusting `pages`: one more request.
    [10, 10, 2],
    [25, 10, 3],
  ])("iterates %i accounts with page size %i in %i request(s)", async (total, pageSize, requests) => {
    const client = await clientWith(total);
    const seen: Account[] = [];
    for await (const a of paginateAccounts(client, { pageSize })) seen.push(a);
    expect(seen.map((a) => a.name)).toEqual(Array.from({ length: total }, (_, i) => `Account ${i + 1}`));
    expect(server?.requests.map((r) => r.url)).toEqual(
      Array.from({ length: requests }, (_, i) => `/accounts?page=${i + 1}&page_size=${pageSize}`),
    );
  });

  it("stops on a short page whatever pages says: the seed's own sample has pages 0 next to one account", async () => {
    const client = await clientWith(1, 0);
    expect((await paginateAccounts(client, { pageSize: 20 }).toArray()).map((a) => a.name)).toEqual(["Account 1"]);
    expect(server?.requests).toHaveLength(1);
  });

  it("without a page size, takes the first page's length for it: one more request, which comes back empty", async () => {
    const client = await clientWith(1, 0);
    expect((await paginateAccounts(client).toArray()).map((a) => a.name)).toEqual(["Account 1"]);
    expect(server?.requests.map((r) => r.url)).toEqual(["/accounts?page=1", "/accounts?page=2"]);
  });

  it("reads on past a pages count that is too small, and stops on the empty page", async () => {
    const client = await clientWith(40, 1);
    expect(await paginateAccounts(client, { pageSize: 20 }).toArray()).toHaveLength(40);
    expect(server?.requests.map((r) => r.url)).toEqual([
      "/accounts?page=1&page_size=20",
      "/accounts?page=2&page_size=20",
      "/accounts?page=3&page_size=20",
    ]);
  });

  it("stops on a short page even when pages claims more", async () => {
    const client = await clientWith(12, 9);
    expect(await paginateAccounts(client, { pageSize: 10 }).toArray()).toHaveLength(12);
    expect(server?.requests).toHaveLength(2);
  });

  it("can be walked page by page", async () => {
    const client = await clientWith(45);
    const pages = [];
    for await (const page of paginateAccounts(client).pages()) pages.push([page.page, page.pages, page.items.length]);
    expect(pages).toEqual([
      [1, 3, 20],
      [2, 3, 20],
      [3, 3, 5],
    ]);
  });

  it("throws an HttpError when a page fails", async () => {
    server = await startScriptedServer(() => ({
      status: 401,
      body: { status: "error", status_code: 401, code: "unauthorized", message: "Missing token." },
    }));
    const client = createUpmobileClient({ baseUrl: server.url, token: "t" });
    const error = (await paginateAccounts(client)
      .toArray()
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
  });
});
