import { Text, View } from "@tarojs/components";
import type { TMyObjection } from "@xinyi/shared";
import { listMyObjections } from "../../api/credit-rights";
import { CaseList } from "../../components/CaseList";
import { dateText, objectionTone } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { openObjection } from "../../lib/nav";
import { usePagedList } from "../../lib/usePagedList";
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
  const list = usePagedList(listMyObjections);
  return (
    <CaseList
      name="objections"
      list={list}
      emptyTitle="还没有提出过异议"
      emptySub="认为信用记录有误时，可在「我的信用」中打开该记录提出异议"
      summary={(total) => `共 ${total} 条异议`}
      card={(o) => <ObjectionCard o={o} />}
    />
  );
}
