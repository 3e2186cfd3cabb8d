/** One page as a paginator sees it: its items and whether the provider says another page follows. */
export interface Page<Item> {
  items: Item[];
  hasNext: boolean;
}

export interface PaginateOptions {
  /**
   * The page size asked for. A page with fewer items is the last one. When unknown (the provider's default), the
   * first page's length stands in for it.
   */
  pageSize?: number;
}

/**
 * Walks pages from 1: iterate it for every item, or call `pages()` for page by page. Each page is fetched only when
 * the previous one has been consumed. It stops after an empty page, a short page (fewer items than the page size)
 * or a page that says none follows — whichever comes first, so a provider's wrong page count cannot make it stop
 * early on a full page, nor read past the end.
 */
export function paginate<P extends Page<unknown>>(
  fetchPage: (page: number) => Promise<P>,
  options: PaginateOptions = {},
) {
  type Item = P["items"][number];
  async function* pages(): AsyncGenerator<P> {
    let pageSize = options.pageSize;
    for (let page = 1; ; page++) {
      const current = await fetchPage(page);
      yield current;
      const count = current.items.length;
      pageSize ??= count;
      if (!current.hasNext || count === 0 || count < pageSize) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
      for await (const page of pages()) yield* page.items as Item[];
    },
    /** Every item of every page, in order. */
    async toArray(): Promise<Item[]> {
      const all: Item[] = [];
      for await (const page of pages()) all.push(...(page.items as Item[]));
      return all;
    },
  };
}
