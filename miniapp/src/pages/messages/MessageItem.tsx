import { Text, View } from "@tarojs/components";
import type { TMessage } from "@xinyi/shared";
import { MESSAGE_KIND_TONES, messageLinkUrl } from "../../lib/messages";

/** One message: its kind and time, title and text; a dot while unread, a 查看详情 when it leads somewhere. */
export function MessageItem({ m, onOpen }: { m: TMessage; onOpen: (m: TMessage) => void }) {
  const leads = messageLinkUrl(m.link) !== undefined;
  return (
    <View
      className={`message${m.read ? "" : " message--unread"}`}
      data-testid={`message-${m.id}`}
      data-read={m.read ? "true" : "false"}
      data-kind={m.kind}
      data-link={m.link ? m.link.page : ""}
      onClick={() => onOpen(m)}
    >
      <View className="message__head">
        <Text className={`message__kind message__kind--${MESSAGE_KIND_TONES[m.kind]}`} data-testid="message-kind">
          {m.kindLabel}
        </Text>
        <Text className="message__time">{m.atText}</Text>
      </View>
      <View className="message__title" data-testid="message-title">
        {m.read ? null : <Text className="message__dot" data-testid="message-unread-dot" />}
        {m.title}
      </View>
      <View className="message__body" data-testid="message-body">
        {m.body}
      </View>
      {leads ? <View className="message__more">查看详情 ›</View> : null}
    </View>
  );
}
