import { useState } from "react";
import { Text, View } from "@tarojs/components";
import { ArrowRight, Warning } from "@nutui/icons-react-taro";
import { gradeName, RECORD_KIND_LABELS, scoreName, type TCreditProfile, type TCreditRecord } from "@xinyi/shared";
import { getMyCredit } from "../../api/endpoints";
import { BindPrompt } from "../../components/BindPrompt";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import {
  bandsCaption,
  dayOf,
  improvementText,
  isNegativeKind,
  nextBandText,
  recordKindLabel,
  recordStatusLabel,
  signedPoints,
  stopsCountingText,
  type TFactorItem,
  type TImprovementItem,
} from "../../lib/credit";
import { formatDate } from "../../lib/format";
import { openConsent, openCreditRecord, openObjections, openRepairs } from "../../lib/nav";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

function FactorRow({ factor, maxAbs }: { factor: TFactorItem; maxAbs: number }) {
  const tone = !factor.counts || factor.contribution === 0 ? "off" : factor.contribution > 0 ? "pos" : "neg";
  const width = maxAbs > 0 && factor.contribution !== 0 ? Math.max(3, (Math.abs(factor.contribution) / maxAbs) * 100) : 0;
  return (
    <View
      className={`factor factor--${tone}`}
      data-testid={`credit-factor-${factor.recordId}`}
      data-contribution={String(factor.contribution)}
      data-counts={factor.counts ? "true" : "false"}
    >
      <View className="factor__head">
        <View className="factor__name">
          <Text className="factor__title">{factor.title}</Text>
          <Text className="factor__kind">{RECORD_KIND_LABELS[factor.kind] ?? factor.kind}</Text>
        </View>
        <Text className="factor__points" data-testid="factor-points">
          {signedPoints(factor.contribution)}
        </Text>
      </View>
      <View className="factor__track">
        <View className="factor__fill" style={{ width: `${width}%` }} />
      </View>
      {factor.note ? (
        <View className="factor__note" data-testid="factor-note">
          {factor.note}
        </View>
      ) : factor.stopsCountingOn ? (
        <View className="factor__note" data-testid="factor-stops">
          {stopsCountingText(factor.stopsCountingOn)}
        </View>
      ) : null}
    </View>
  );
}

/** The badge compares with today's score: what the citizen will see change ("可达 N 分"). */
function ImprovementRow({ item, score }: { item: TImprovementItem; score: number }) {
  const delta = item.scoreAfter - score;
  return (
    <View className="improve" data-testid="credit-improvement" data-via={item.via} data-record-id={item.recordId}>
      <Text className={`improve__badge improve__badge--${item.via}`}>{item.via === "repair" ? "信用修复" : "公示期满"}</Text>
      <View className="improve__body">
        <View className="improve__title">{item.title}</View>
        <View className="improve__text">{improvementText(item)}</View>
      </View>
      {delta > 0 ? <Text className="improve__gain">+{delta}</Text> : null}
    </View>
  );
}

function RecordRow({ record }: { record: TCreditRecord }) {
  const negative = isNegativeKind(record.kind) || (record.kind === "tax_grade" && (record.taxGrade === "C" || record.taxGrade === "D"));
  return (
    <View
      className="record record--clickable"
      data-testid={`credit-record-${record.id}`}
      data-status={record.status}
      data-late={record.late ? "true" : "false"}
      onClick={() => void openCreditRecord(record.id)}
    >
      <View className="record__tags">
        <Text className={`record__kind record__kind--${negative ? "neg" : "pos"}`}>{recordKindLabel(record)}</Text>
        <Text className={`record__status record__status--${record.status}`} data-testid="record-status">
          {record.status === "frozen" ? "异议中" : recordStatusLabel(record.status)}
        </Text>
        {record.late ? (
          <Text className="record__late" data-testid="record-late">
            逾期公示
          </Text>
        ) : null}
      </View>
      <View className="record__title">{record.title}</View>
      <View className="record__meta">{record.sourceDept}</View>
      <View className="record__meta">
        决定日期 {dayOf(record.decidedAt)}
        {record.validUntil ? ` · 公示至 ${dayOf(record.validUntil)}` : ""}
      </View>
      <View className="record__more">{negative && record.status === "active" ? "查看修复日期 · 提出异议 · 申请修复" : "查看详情"} ›</View>
    </View>
  );
}

export default function CreditPage() {
  const [profile, setProfile] = useState<TCreditProfile>();
  const { state, error, load } = usePageLoad(async () => setProfile(await getMyCredit()), {
    onUnbound: () => setProfile(undefined),
  });

  const evaluation = profile?.evaluation;
  const subject = profile?.subject;
  const factors = evaluation?.factors ?? [];
  const maxAbs = factors.reduce((m, f) => Math.max(m, Math.abs(f.contribution)), 0);
  const factorTotal = evaluation ? evaluation.base + factors.reduce((s, f) => s + f.contribution, 0) : 0;
  const isEnterprise = subject?.kind === "enterprise";
  const records = [...(profile?.records ?? [])].sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : 0));

  return (
    <View className={`${TAB_PAGE_CLASS} credit`} data-testid="credit-page" data-state={state}>
      {state === "unbound" ? <BindPrompt title="完成实名认证，查看您的信用" testId="credit-unbound" buttonTestId="credit-bind" /> : null}

      {state === "error" ? <LoadError message={error} testId="credit-error" onRetry={() => void load()} /> : null}

      {!profile && state === "loading" ? <LoadingCards count={3} testId="credit-loading" /> : null}

      {profile && subject ? (
        <View>
          <View className="credit__hero">
            <View className="credit__subject">
              <Text className="credit__subject-name">{subject.name}</Text>
              <Text className="credit__subject-id">{subject.kind === "citizen" ? subject.idMasked : subject.uscc}</Text>
            </View>
            {evaluation ? (
              <View>
                <View className="credit__score-row">
                  <View>
                    <View className="credit__score-label">{scoreName(subject.kind)}</View>
                    <View className="credit__score-line">
                      <Text className="credit__score" data-testid="credit-score" data-value={String(evaluation.score)}>
                        {evaluation.score}
                      </Text>
                      <Text className="credit__score-max" data-testid="credit-scale-max" data-max={String(evaluation.scale.max)}>
                        /{evaluation.scale.max}
                      </Text>
                    </View>
                  </View>
                  <View className="credit__grade" data-testid="credit-grade" data-grade={evaluation.grade} data-label={evaluation.gradeLabel}>
                    <Text className="credit__grade-name">{gradeName(subject.kind)}</Text>
                    <Text className="credit__grade-code">{evaluation.grade}</Text>
                    <Text className="credit__grade-label">{evaluation.gradeLabel}</Text>
                  </View>
                </View>
                <View className="credit__next" data-testid="credit-next-band">
                  {evaluation.nextBand ? nextBandText(evaluation.nextBand, subject.kind) : "已达到最高信用等级，请继续保持"}
                </View>
                <View className="credit__meta" data-testid="credit-scale">
                  等级 {bandsCaption(evaluation.scale)}
                </View>
                <View className="credit__meta" data-testid="credit-model">
                  评分模型 v{evaluation.modelVersion} · {formatDate(evaluation.evaluatedAt)} 评估
                </View>
              </View>
            ) : (
              <View className="credit__pending" data-testid="credit-pending">
                信用分正在计算中，请稍后下拉刷新
              </View>
            )}
          </View>

          {evaluation?.blacklisted || subject.blacklisted ? (
            <View className="credit__blacklisted" data-testid="credit-blacklisted">
              <Warning size={18} color="#e34d59" />
              <View className="credit__blacklisted-text">
                {isEnterprise ? "贵企业" : "您"}在失信联合惩戒名单中，暂不能享受信易+ 守信激励权益。如认为记录有误，可向作出决定的部门提出异议；履行相关义务后，可申请信用修复。
              </View>
            </View>
          ) : null}

          {evaluation ? (
            <View className="card" data-testid="credit-factors">
              <View className="credit__section-head">
                <Text className="credit__section-title">信用分构成</Text>
                <Text className="muted">基础分 {evaluation.base}</Text>
              </View>
              {factors.length === 0 ? (
                <View className="muted credit__empty">暂无影响信用分的记录，当前为基础分</View>
              ) : (
                <View>
                  {factors.map((f) => (
                    <FactorRow key={f.recordId} factor={f} maxAbs={maxAbs} />
                  ))}
                </View>
              )}
              {factors.length > 0 && factorTotal !== evaluation.score ? (
                <View className="muted credit__clamped" data-testid="credit-factors-clamped">
                  各项合计 {factorTotal} 分，超出 {evaluation.scale.min}–{evaluation.scale.max} 分的范围，按 {evaluation.score} 分计
                </View>
              ) : null}
              {factors.length > 0 ? (
                <View className="credit__legend">
                  <Text className="credit__legend-dot credit__legend-dot--pos" />
                  <Text className="muted">加分</Text>
                  <Text className="credit__legend-dot credit__legend-dot--neg" />
                  <Text className="muted">减分</Text>
                  <Text className="credit__legend-dot credit__legend-dot--off" />
                  <Text className="muted">不计入</Text>
                </View>
              ) : null}
            </View>
          ) : null}

          {evaluation ? (
            <View className="card" data-testid="credit-improvements">
              <View className="credit__section-head">
                <Text className="credit__section-title">如何提升</Text>
              </View>
              {evaluation.improvements.length > 0 ? (
                evaluation.improvements.map((item) => <ImprovementRow key={`${item.recordId}-${item.via}`} item={item} score={evaluation.score} />)
              ) : (
                <View className="muted credit__empty">
                  {isEnterprise ? "暂无减分记录。守信经营、按时履约，贵企业可获得更多守信激励。" : "暂无减分记录。守信践诺、按时履约，可获得更多守信激励。"}
                </View>
              )}
            </View>
          ) : null}

          <View className="card" data-testid="credit-records">
            <View className="credit__section-head">
              <Text className="credit__section-title">信用记录</Text>
              <Text className="muted">共 {records.length} 条</Text>
            </View>
            {records.length === 0 ? (
              <View className="muted credit__empty" data-testid="credit-records-empty">
                暂无信用记录
              </View>
            ) : (
              records.map((r) => <RecordRow key={r.id} record={r} />)
            )}
          </View>

          <View className="credit__link" data-testid="credit-objections" onClick={() => void openObjections()}>
            <View>
              <View className="credit__link-title">我的异议</View>
              <View className="muted">对信用记录提出的异议及处理结果</View>
            </View>
            <ArrowRight size={14} color="#86909c" />
          </View>

          <View className="credit__link" data-testid="credit-repairs" onClick={() => void openRepairs()}>
            <View>
              <View className="credit__link-title">我的信用修复</View>
              <View className="muted">修复申请的审核进度和结果</View>
            </View>
            <ArrowRight size={14} color="#86909c" />
          </View>

          <View className="credit__link" data-testid="credit-consent" onClick={() => void openConsent()}>
            <View>
              <View className="credit__link-title">授权管理</View>
              <View className="muted">谁可以查询我的信用报告、谁查询过</View>
            </View>
            <ArrowRight size={14} color="#86909c" />
          </View>
        </View>
      ) : null}

      <TabBar current="credit" />
    </View>
  );
}
