import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TMessage } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { listMessages, markAllMessagesRead, markMessageRead } from "../../api/messages";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { openMessageLink } from "../../lib/messages";
import { usePagedList } from "../../lib/usePagedList";
import { MessageItem } from "./MessageItem";
import "./index.scss";

export default function MessagesPage() {
  const [unread, setUnread] = useState(0);
  const [markingAll, setMarkingAll] = useState(false);
  const { state, error, load, items, hasMore, loadMore, loadingMore, moreError, updateItems } = usePagedList(
    (page) => listMessages(page),
    (res) => setUnread(res.unread),
  );

  function markLocally(id: string, count: number) {
    setUnread(count);
    updateItems((list) => list.map((m) => (m.id === id ? { ...m, read: true } : m)));
  }

  /** Tapping a message reads it and opens what it is about; the read mark is not worth holding the page for. */
  function onOpen(m: TMessage) {
    if (!m.read) {
      markLocally(m.id, Math.max(0, unread - 1));
      markMessageRead(m.id).then(
        (res) => markLocally(m.id, res.unread),
        () => undefined,
      );
    }
    void openMessageLink(m.link);
  }

  async function onReadAll() {
    if (markingAll) return;
    setMarkingAll(true);
    try {
      const res = await markAllMessagesRead();
      setUnread(res.unread);
      updateItems((list) => list.map((m) => ({ ...m, read: true })));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2000 });
    } finally {
      setMarkingAll(false);
    }
  }

  return (
    <View className="page messages" data-testid="messages-page" data-state={state} data-unread={String(unread)}>
      {state === "error" ? <LoadError message={error} testId="messages-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={3} testId="messages-loading" /> : null}

      {items && items.length === 0 ? (
        <View className="card messages__empty" data-testid="messages-empty">
          <View className="messages__empty-title">暂无消息</View>
          <View className="muted">异议和修复进度、信用承诺的期限、贷款审批结果、权益券到期等提醒会显示在这里。</View>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View className="messages__bar">
          <Text className="messages__count" data-testid="messages-unread">
            {unread > 0 ? `${unread} 条未读` : "全部已读"}
          </Text>
          {unread > 0 ? (
            <Button size="small" fill="none" type="primary" loading={markingAll} data-testid="messages-read-all" onClick={() => void onReadAll()}>
              全部标为已读
            </Button>
          ) : null}
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="message-list">
          {items.map((m) => (
            <MessageItem key={m.id} m={m} onOpen={onOpen} />
          ))}
        </View>
      ) : null}

      {items && hasMore ? (
        <View className="messages__more">
          {moreError ? <View className="error-text">{moreError}</View> : null}
          <Button size="small" fill="outline" type="primary" loading={loadingMore} onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
