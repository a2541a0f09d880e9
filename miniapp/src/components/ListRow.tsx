import type { ReactNode } from "react";
import { Text, View } from "@tarojs/components";
import { ArrowRight } from "@nutui/icons-react-taro";
import "./ListRow.scss";

/**
 * One row of a grouped list (title left, value right, chevron when tappable). NutUI's Cell drops
 * data-* attributes, so rows that tests tap are drawn here.
 */
export function ListRow({
  title,
  extra,
  onClick,
  testId,
  data,
}: {
  title: ReactNode;
  extra?: ReactNode;
  onClick?: () => void;
  testId?: string;
  /** Extra data-* attributes, e.g. { bound: "true" } → data-bound="true". */
  data?: Record<string, string>;
}) {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) attrs[`data-${k}`] = v;
  return (
    <View className={`list-row${onClick ? " list-row--clickable" : ""}`} data-testid={testId} {...attrs} onClick={onClick}>
      <Text className="list-row__title">{title}</Text>
      <View className="list-row__extra">{extra}</View>
      {onClick ? <ArrowRight size={12} color="#c9cdd4" /> : null}
    </View>
  );
}

/** A white rounded group of ListRows with dividers. */
export function ListGroup({ children, className }: { children: ReactNode; className?: string }) {
  return <View className={`list-group${className ? ` ${className}` : ""}`}>{children}</View>;
}
