import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TMyObjection } from "@xinyi/shared";
import { listMyObjections } from "../../api/credit-rights";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { dateText, objectionTone, usePagedCases } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { goTab, openObjection } from "../../lib/nav";
import "./index.scss";

function ObjectionCard({ o }: { o: TMyObjection }) {
  const tone = objectionTone(o.status);
  return (
    <View className={`case-card case-card--${tone}`} data-testid={`my-objection-${o.id}`} data-status={o.status} onClick={() => void openObjection(o.id)}>
      <View className="case-card__head">
        <Text className="case-card__title" data-testid="my-objection-title">
          {o.record.title}
        </Text>
        <Text className={`loan-tag loan-tag--${tone}`} data-testid="my-objection-status">
          {o.statusLabel}
        </Text>
      </View>
      <View className="case-card__meta">
        {o.record.kindLabel} · 理由：{o.groundLabel}
      </View>
      <View className="case-card__meta">{chineseDate(o.submittedAt)}提交</View>
      {o.due ? (
        <View className={`case-card__due${o.due.overdue ? " case-card__due--late" : ""}`}>
          {o.due.dueLabel} {dateText(o.due.dueDate)}
          {o.due.overdue ? " · 已超期" : ""}
        </View>
      ) : null}
      {o.decision ? (
        <View className="case-card__outcome" data-testid="my-objection-reason">
          {o.decision.reason}
        </View>
      ) : null}
    </View>
  );
}

/** 我的异议: every objection I made, newest first, with where it stands. */
export default function ObjectionsPage() {
  const { items, total, hasMore, state, error, load, loadMore, loadingMore, moreError } = usePagedCases<TMyObjection>(listMyObjections);

  return (
    <View className="page case-list" data-testid="objections-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="objections-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} /> : null}
      {items && items.length === 0 ? (
        <View className="card case-list__empty" data-testid="objections-empty">
          <View className="case-list__empty-title">还没有提出过异议</View>
          <View className="muted case-list__empty-sub">认为信用记录有误时，可在「我的信用」中打开该记录提出异议</View>
          <Button type="primary" size="small" onClick={() => void goTab("credit")}>
            查看我的信用记录
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 ? (
        <View data-testid="objections-list">
          <View className="case-list__summary">共 {total} 条异议</View>
          {items.map((o) => (
            <ObjectionCard key={o.id} o={o} />
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
