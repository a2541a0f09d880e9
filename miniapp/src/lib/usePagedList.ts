import { useState } from "react";
import { errorMessage } from "../api/client";
import { usePageLoad } from "./usePageLoad";

interface Page<T> {
  items: T[];
  total: number;
  page: number;
}

/**
 * A signed-in list page of 20-a-page items (我的承诺, 我的贷款申请, 我的异议, 我的信用修复, 消息): the first page on every show and pull-down,
 * 加载更多 appending the next without repeating an item already shown (the list may have moved
 * meanwhile), and `onPage` told every answer (a 消息 page keeps its unread count from it).
 */
export function usePagedList<R extends Page<{ id: string }>>(fetchPage: (page: number) => Promise<R>, onPage?: (res: R) => void) {
  type T = R["items"][number];
  const [listing, setListing] = useState<Page<T>>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();

  const { state, error, load } = usePageLoad(async () => {
    const res = await fetchPage(1);
    setListing({ items: res.items, total: res.total, page: res.page });
    onPage?.(res);
  });

  async function loadMore() {
    if (!listing || loadingMore) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const res = await fetchPage(listing.page + 1);
      setListing((cur) => {
        if (!cur) return cur;
        const seen = new Set(cur.items.map((x) => x.id));
        const items: T[] = [...cur.items, ...res.items.filter((x) => !seen.has(x.id))];
        // An empty page means the list shrank under us: what is shown is all there is.
        return { items, total: res.items.length === 0 ? items.length : res.total, page: res.page };
      });
      onPage?.(res);
    } catch (e) {
      setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }

  /** Changes shown items in place (a message marked read) without reloading. */
  function updateItems(change: (items: T[]) => T[]) {
    setListing((cur) => cur && { ...cur, items: change(cur.items) });
  }

  return {
    state,
    error,
    load,
    items: listing?.items,
    total: listing?.total ?? 0,
    hasMore: listing ? listing.items.length < listing.total : false,
    loadMore,
    loadingMore,
    moreError,
    updateItems,
  };
}
