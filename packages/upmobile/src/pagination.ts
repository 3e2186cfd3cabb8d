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
 * page with `.pages()`. It stops on an empty or short page whatever `pages` says: the seed's own sample reports
 * `pages: 0` next to an account, so the count alone cannot be trusted. An error status throws an HttpError.
 */
export function paginateAccounts(client: UpmobileClient, options: PaginateAccountsOptions = {}) {
  const { pageSize, signal } = options;
  return paginate(
    async (page) => {
      const query = pageSize === undefined ? { page } : { page, page_size: pageSize };
      const result = await client.GET("/accounts", { params: { query }, signal });
      const { accounts, pages } = unwrap("GetAccounts", result).data;
      return { items: accounts as Account[], hasNext: true, page, pages };
    },
    { pageSize },
  );
}
