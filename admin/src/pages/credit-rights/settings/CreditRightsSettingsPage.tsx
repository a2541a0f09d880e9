import { Space } from "antd";
import { DeadlinesCard } from "./DeadlinesCard";
import { RepairRulesCard } from "./RepairRulesCard";

/**
 * 异议与修复设置 (platform administrator): the working-day deadlines of objections and repairs,
 * the repair limits, and the period rules that say when each kind of record may be repaired
 * and when it stops counting.
 */
export function CreditRightsSettingsPage() {
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <DeadlinesCard />
      <RepairRulesCard />
    </Space>
  );
}
