/** One page as a paginator sees it: its items and whether another page follows. */
export interface Page<Item> {
  items: Item[];
  hasNext: boolean;
}

/**
 * Walks pages from 1 until a page says none follows: iterate it for every item, or call `pages()` for page by page.
 * Each page is fetched only when the previous one has been consumed.
 */
export function paginate<P extends Page<unknown>>(fetchPage: (page: number) => Promise<P>) {
  type Item = P["items"][number];
  async function* pages(): AsyncGenerator<P> {
    for (let page = 1; ; page++) {
      const current = await fetchPage(page);
      yield current;
      if (!current.hasNext || current.items.length === 0) return;
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
