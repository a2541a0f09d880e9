import { Text, View } from "@tarojs/components";
import type { TRepair } from "@xinyi/shared";
import { dateText, repairTone } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { openCreditRecord } from "../../lib/nav";
import { CaseFiles, CaseSteps, RecordSummary } from "../objection/CaseSteps";

/** One of my repair applications: where it stands, its review deadline, the outcome, what I signed. */
export function RepairDetail({ repair: r }: { repair: TRepair }) {
  const tone = repairTone(r.status);
  const steps = [...r.timeline]
    .sort((a, b) => a.version - b.version)
    .map((e) => ({ key: String(e.version), label: e.actionLabel, actorLabel: e.actorLabel, reason: e.reason, at: e.at }));
  return (
    <View>
      <View className={`case-hero case-hero--${tone}`}>
        <View className="case-hero__head">
          <Text className="case-hero__title">信用修复申请</Text>
          <Text className={`loan-tag loan-tag--${tone}`} data-testid="repair-status" data-status={r.status}>
            {r.statusLabel}
          </Text>
        </View>
        <View className="muted repair__sub">
          {chineseDate(r.submittedAt)}提交 · {r.prefectureName}信用主管部门审核
        </View>
        {r.status === "submitted" ? (
          <View className={`case-due${r.overdue ? " case-due--late" : ""}`} data-testid="repair-due" data-overdue={String(r.overdue)}>
            审核期限：{dateText(r.reviewDueDate)}
            {r.overdue ? "（已超期，平台已记录）" : ""}
          </View>
        ) : null}
      </View>

      {r.status !== "submitted" ? (
        <View className={`card case-decision case-decision--${tone}`} data-testid="repair-decision" data-outcome={r.status}>
          <View className="case-section-title">审核结果</View>
          <View className="case-decision__text" data-testid="repair-decision-text">
            {r.status === "granted"
              ? "准予修复：该记录已停止公示，不再计入信用评价；持有您授权的机构已同步收到修复结果。"
              : "不予修复：该记录继续公示并计入信用评价。您可以按审核意见补充材料后重新申请。"}
          </View>
          {r.decisionReason ? (
            <View>
              <View className="case-decision__label muted">审核意见</View>
              <View className="case-decision__reason" data-testid="repair-decision-reason">
                {r.decisionReason}
              </View>
            </View>
          ) : null}
          {r.decidedAt ? <View className="muted case-decision__at">{chineseDate(r.decidedAt)}作出</View> : null}
        </View>
      ) : null}

      <CaseSteps steps={steps} testId="repair-steps" />

      <View className="card">
        <View className="case-section-title">修复的记录</View>
        <RecordSummary
          testId="repair-record"
          record={{ title: r.record.title, kindLabel: r.record.severityLabel ? `${r.record.kindLabel}（${r.record.severityLabel}）` : r.record.kindLabel, sourceDept: r.record.sourceDept, decidedAt: r.record.decidedAt, statusLabel: r.record.statusLabel }}
          onOpen={() => void openCreditRecord(r.record.id)}
        />
        <CaseFiles files={r.proofs} title="证明材料" testId="repair-proofs-shown" />
        <CaseFiles files={r.trainingCertificate ? [r.trainingCertificate] : []} title="培训证明" testId="repair-certificate-shown" />
      </View>

      <View className="card repair__signed" data-testid="repair-signed">
        <View className="case-section-title">已签署的{r.commitment.title}</View>
        {r.commitment.text.split("\n").map((p, i) => (
          <View key={i} className="repair-commitment__para">
            {p}
          </View>
        ))}
        <View className="muted repair__signed-at">
          版本 {r.commitment.textVersion} · {chineseDate(r.commitment.acceptedAt)}签署
        </View>
      </View>
    </View>
  );
}
