import type { ReactNode } from "react";
import { Text, View } from "@tarojs/components";

/** A "label ........ value" row of a detail card; `block` is the page's BEM block (`scenario`, `voucher`). */
export function DetailRow({ block, label, testId, children }: { block: string; label: string; testId?: string; children: ReactNode }) {
  return (
    <View className={`${block}__row`}>
      <Text className="muted">{label}</Text>
      <Text className={`${block}__row-value`} data-testid={testId}>
        {children}
      </Text>
    </View>
  );
}
