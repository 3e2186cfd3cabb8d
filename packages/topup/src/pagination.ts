import { paginate, unwrap } from "@contracts/runtime";
import type { TopupClient } from "./client.js";
import type { operations, TopupRequest } from "./generated/schema.gen.js";

/** The inquiry's filters: status, from_date, to_date and page_size (1–100, default 10). */
export type TopupInquiryFilters = Omit<NonNullable<operations["InquireTopupRequests"]["parameters"]["query"]>, "page">;

/**
 * Every top-up request matching the filters, across pages (`for await`), or page by page with `.pages()`. It stops
 * on the page whose `next` is null, or earlier on an empty or short page (a `next` that never ends cannot loop).
 */
export function paginateTopupRequests(
  client: TopupClient,
  filters: TopupInquiryFilters = {},
  options: { signal?: AbortSignal } = {},
) {
  return paginate(
    async (page) => {
      const result = await client.GET("/topup/inquire/", {
        params: { query: { ...filters, page } },
        signal: options.signal,
      });
      const body = unwrap("InquireTopupRequests", result);
      return {
        items: body.results.topup_requests as TopupRequest[],
        hasNext: body.next !== null,
        page,
        count: body.count,
      };
    },
    { pageSize: filters.page_size },
  );
}
