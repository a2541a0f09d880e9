import type { ReactNode } from "react";
import { View } from "@tarojs/components";
import { Check } from "@nutui/icons-react-taro";
import "./CheckRow.scss";

/** A consent box with its text; drawn here so that tests can read data-checked (NutUI's Checkbox drops data-*). */
export function CheckRow({ checked, onChange, testId, children }: { checked: boolean; onChange: (next: boolean) => void; testId: string; children: ReactNode }) {
  return (
    <View className={`check-row${checked ? " check-row--checked" : ""}`} data-testid={testId} data-checked={checked ? "true" : "false"} onClick={() => onChange(!checked)}>
      <View className="check-row__box">{checked ? <Check size={12} color="#fff" /> : null}</View>
      <View className="check-row__text">{children}</View>
    </View>
  );
}
