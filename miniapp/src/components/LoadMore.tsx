import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";

/** What a paged list (usePagedList) tells its 加载更多 column. */
export interface MoreOfList {
  items?: unknown[];
  hasMore: boolean;
  loadingMore: boolean;
  moreError?: string;
  loadMore: () => Promise<void>;
}

/** The 加载更多 column under a paged list, with why the last try failed; nothing once all is shown. */
export function LoadMore({ list, className }: { list: MoreOfList; className: string }) {
  if (!list.items || !list.hasMore) return null;
  return (
    <View className={className}>
      {list.moreError ? <View className="error-text">{list.moreError}</View> : null}
      <Button size="small" fill="outline" type="primary" loading={list.loadingMore} onClick={() => void list.loadMore()}>
        加载更多
      </Button>
    </View>
  );
}
