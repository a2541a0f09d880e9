import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TRepair } from "@xinyi/shared";
import { listMyRepairs } from "../../api/credit-rights";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { dateText, repairTone, usePagedCases } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { goTab, openRepair } from "../../lib/nav";
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
  const { items, total, hasMore, state, error, load, loadMore, loadingMore, moreError } = usePagedCases<TRepair>(listMyRepairs);

  return (
    <View className="page case-list" data-testid="repairs-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="repairs-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} /> : null}
      {items && items.length === 0 ? (
        <View className="card case-list__empty" data-testid="repairs-empty">
          <View className="case-list__empty-title">还没有申请过信用修复</View>
          <View className="muted case-list__empty-sub">失信记录满最短公示期后，可在「我的信用」中打开该记录申请修复</View>
          <Button type="primary" size="small" onClick={() => void goTab("credit")}>
            查看我的信用记录
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 ? (
        <View data-testid="repairs-list">
          <View className="case-list__summary">共 {total} 条申请</View>
          {items.map((r) => (
            <RepairCard key={r.id} r={r} />
          ))}
        </View>
      ) : null}
      {items && hasMore ? (
        <View className="case-list__more">
          {moreError ? <View className="error-text">{moreError}</View> : null}
          <Button size="small" fill="outline" type="primary" loading={loadingMore} onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
