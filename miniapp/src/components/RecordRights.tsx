import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ArrowRight } from "@nutui/icons-react-taro";
import type { TRecordRights } from "@xinyi/shared";
import { dateText, ruleText } from "../lib/credit-rights";
import "./RecordRights.scss";

/**
 * A negative record's rights as its subject sees them: when it may be repaired, when it stops
 * counting by itself, and the two actions — 提出异议 and 申请信用修复 — each either open or with
 * the reason it is not (a date, a case under way). An open case is a link to it.
 */
export function RecordRights({
  rights: r,
  onObject,
  onRepair,
  onOpenObjection,
  onOpenRepair,
}: {
  rights: TRecordRights;
  onObject: () => void;
  onRepair: () => void;
  onOpenObjection: (id: string) => void;
  onOpenRepair: (id: string) => void;
}) {
  const rule = ruleText(r);
  return (
    <View className="card rights" data-testid="record-rights" data-may-object={String(r.mayObject)} data-may-repair={String(r.mayRepair)}>
      <View className="rights__title">我的权利</View>
      <View className="rights__dates">
        <View className="rights__date" data-testid="rights-repairable-from">
          <View className="rights__date-label">可申请修复</View>
          <View className="rights__date-value">{r.repairableFrom ? dateText(r.repairableFrom) : r.rule ? "不适用提前修复" : "—"}</View>
        </View>
        <View className="rights__date" data-testid="rights-stops-counting">
          <View className="rights__date-label">不再计入信用评价</View>
          <View className="rights__date-value">{r.stopsCountingOn ? dateText(r.stopsCountingOn) : "—"}</View>
        </View>
      </View>
      {rule ? <View className="rights__rule">{rule}</View> : null}

      {r.openObjection ? (
        <View className="rights__case" data-testid="rights-open-objection" onClick={() => onOpenObjection(r.openObjection!.id)}>
          <Text className="loan-tag loan-tag--progress">异议中</Text>
          <Text className="rights__case-text">{r.openObjection.statusLabel}，处理期间该记录暂不计入信用评价</Text>
          <ArrowRight size={12} color="#86909c" />
        </View>
      ) : null}
      {r.openRepair ? (
        <View className="rights__case" data-testid="rights-open-repair" onClick={() => onOpenRepair(r.openRepair!.id)}>
          <Text className="loan-tag loan-tag--progress">修复审核中</Text>
          <Text className="rights__case-text">预计 {dateText(r.openRepair.reviewDueDate)} 前审核完毕</Text>
          <ArrowRight size={12} color="#86909c" />
        </View>
      ) : null}

      <View className="rights__actions">
        <View className="rights__action">
          <Button data-testid="rights-object" block type="primary" fill="outline" disabled={!r.mayObject} onClick={onObject}>
            提出异议
          </Button>
          <View className="rights__action-note" data-testid="rights-object-note">
            {r.mayObject ? "认为记录有误、不应公示等" : r.objectNote}
          </View>
        </View>
        <View className="rights__action">
          <Button data-testid="rights-repair" block type="primary" disabled={!r.mayRepair} onClick={onRepair}>
            申请信用修复
          </Button>
          <View className="rights__action-note" data-testid="rights-repair-note">
            {r.mayRepair ? "已履行义务、纠正失信行为" : r.repairNote}
          </View>
        </View>
      </View>
    </View>
  );
}
