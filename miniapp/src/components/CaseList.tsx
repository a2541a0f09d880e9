import { Fragment, type ReactNode } from "react";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { goTab } from "../lib/nav";
import type { LoadState } from "../lib/usePageLoad";
import { LoadError } from "./LoadError";
import { LoadingCards } from "./Loading";
import { LoadMore, type MoreOfList } from "./LoadMore";

/**
 * 我的异议 / 我的信用修复: a subject's cases newest first, or where to start one (from 我的信用) when there
 * are none. `name` makes the test ids (`<name>-page`, `-error`, `-empty`, `-list`).
 */
export function CaseList<T extends { id: string }>(props: {
  name: string;
  list: Omit<MoreOfList, "items"> & { items?: T[]; total: number; state: LoadState; error?: string; load: () => Promise<void> };
  emptyTitle: string;
  emptySub: string;
  /** The count line above the cards, from the total. */
  summary: (total: number) => string;
  card: (item: T) => ReactNode;
}) {
  const { name, list } = props;
  const { items, state } = list;
  return (
    <View className="page case-list" data-testid={`${name}-page`} data-state={state}>
      {state === "error" ? <LoadError message={list.error} testId={`${name}-error`} onRetry={() => void list.load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} /> : null}
      {items && items.length === 0 ? (
        <View className="card case-list__empty" data-testid={`${name}-empty`}>
          <View className="case-list__empty-title">{props.emptyTitle}</View>
          <View className="muted case-list__empty-sub">{props.emptySub}</View>
          <Button type="primary" size="small" onClick={() => void goTab("credit")}>
            查看我的信用记录
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 ? (
        <View data-testid={`${name}-list`}>
          <View className="case-list__summary">{props.summary(list.total)}</View>
          {items.map((item) => (
            <Fragment key={item.id}>{props.card(item)}</Fragment>
          ))}
        </View>
      ) : null}
      <LoadMore list={list} className="case-list__more" />
    </View>
  );
}
