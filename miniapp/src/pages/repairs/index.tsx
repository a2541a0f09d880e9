import { Text, View } from "@tarojs/components";
import type { TRepair } from "@xinyi/shared";
import { listMyRepairs } from "../../api/credit-rights";
import { CaseList } from "../../components/CaseList";
import { dateText, repairTone } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { openRepair } from "../../lib/nav";
import { usePagedList } from "../../lib/usePagedList";
import "../objections/index.scss";

function RepairCard({ r }: { r: TRepair }) {
  const tone = repairTone(r.status);
  return (
    <View className={`case-card case-card--${tone}`} data-testid={`my-repair-${r.id}`} data-status={r.status} onClick={() => void openRepair(r.id)}>
      <View className="case-card__head">
        <Text className="case-card__title" data-testid="my-repair-title">
          {r.record.title}
        </Text>
        <Text className={`loan-tag loan-tag--${tone}`} data-testid="my-repair-status">
          {r.statusLabel}
        </Text>
      </View>
      <View className="case-card__meta">
        {r.record.kindLabel}
        {r.record.severityLabel ? `（${r.record.severityLabel}）` : ""} · {r.record.sourceDept}
      </View>
      <View className="case-card__meta">{chineseDate(r.submittedAt)}提交</View>
      {r.status === "submitted" ? (
        <View className={`case-card__due${r.overdue ? " case-card__due--late" : ""}`}>
          审核期限 {dateText(r.reviewDueDate)}
          {r.overdue ? " · 已超期" : ""}
        </View>
      ) : null}
      {r.decisionReason ? (
        <View className="case-card__outcome" data-testid="my-repair-reason">
          {r.decisionReason}
        </View>
      ) : null}
    </View>
  );
}

/** 我的信用修复: every application, newest first, with where it stands. */
export default function RepairsPage() {
  const list = usePagedList(listMyRepairs);
  return (
    <CaseList
      name="repairs"
      list={list}
      emptyTitle="还没有申请过信用修复"
      emptySub="失信记录满最短公示期后，可在「我的信用」中打开该记录申请修复"
      summary={(total) => `共 ${total} 条申请`}
      card={(r) => <RepairCard r={r} />}
    />
  );
}
