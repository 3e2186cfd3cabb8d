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

/** A server holding `total` accounts that pages them like the API: `pages` is the total page count. */
async function clientWith(total: number) {
  const all = Array.from({ length: total }, (_, i) => account(i + 1));
  server = await startScriptedServer((req) => {
    const url = new URL(req.url, "http://x");
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 20);
    const accounts = all.slice((page - 1) * size, page * size);
    return {
      status: 200,
      body: { data: { accounts, pages: Math.ceil(total / size) }, status: "success", status_code: 200 },
    };
  });
  return createUpmobileClient({ baseUrl: server.url, token: "t" });
}

describe("paginateAccounts", () => {
  it.each([
    [0, 10, 1],
    [7, 10, 1],
    [10, 10, 1],
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
