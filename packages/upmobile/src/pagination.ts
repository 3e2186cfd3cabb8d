import { paginate, unwrap } from "@contracts/runtime";
import type { UpmobileClient } from "./client.js";
import type { Account } from "./generated/schema.gen.js";

export interface PaginateAccountsOptions {
  /** Accounts per page (1–100; the API's default is 20). */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Every account of the caller across pages: `for await (const account of paginateAccounts(client))`, or page by
 * page with `.pages()`. Stops after the last page the API reports. An error status throws an HttpError.
 */
export function paginateAccounts(client: UpmobileClient, options: PaginateAccountsOptions = {}) {
  const { pageSize, signal } = options;
  return paginate(async (page) => {
    const query = pageSize === undefined ? { page } : { page, page_size: pageSize };
    const result = await client.GET("/accounts", { params: { query }, signal });
    const { accounts, pages } = unwrap("GetAccounts", result).data;
    return { items: accounts as Account[], hasNext: page < pages, page, pages };
  });
}
