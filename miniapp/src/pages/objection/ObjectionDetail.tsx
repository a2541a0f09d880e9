import { Text, View } from "@tarojs/components";
import type { TMyObjection } from "@xinyi/shared";
import { dateText, kindWithSeverity, objectionTone } from "../../lib/credit-rights";
import { chineseDate } from "../../lib/loans";
import { openCreditRecord } from "../../lib/nav";
import { CaseFiles, CaseSteps, RecordSummary } from "./CaseSteps";

const OUTCOME_TEXT = {
  corrected: { withdrawn: "异议成立，该记录已撤销，不再公示，也不再计入信用评价。", amended: "异议成立，记录已按核查结果更正。" },
  upheld: "经核查，异议不成立，记录维持原状并恢复计入信用评价。",
  declined: "该异议为重复异议且没有新的理由或材料，不予受理，记录恢复计入信用评价。",
} as const;

function Decision({ o }: { o: TMyObjection }) {
  const d = o.decision;
  if (!d) return null;
  const text = d.outcome === "corrected" ? OUTCOME_TEXT.corrected[d.correction ?? "withdrawn"] : OUTCOME_TEXT[d.outcome];
  return (
    <View className={`card case-decision case-decision--${d.outcome === "corrected" ? "ok" : "fail"}`} data-testid="objection-decision" data-outcome={d.outcome}>
      <View className="case-section-title">处理结果</View>
      <View className="case-decision__text" data-testid="objection-decision-text">
        {text}
      </View>
      <View className="case-decision__label muted">处理理由</View>
      <View className="case-decision__reason" data-testid="objection-decision-reason">
        {d.reason}
      </View>
      <View className="muted case-decision__at">{chineseDate(d.at)}作出</View>
    </View>
  );
}

/** One of my objections: where it stands, its deadline, the outcome and reason, and every step. */
export function ObjectionDetail({ objection: o }: { objection: TMyObjection }) {
  const tone = objectionTone(o.status);
  const steps = [...o.steps].sort((a, b) => a.version - b.version).map((s) => ({ key: String(s.version), label: s.label, actorLabel: s.actorLabel, reason: s.reason, at: s.at }));
  return (
    <View>
      <View className={`case-hero case-hero--${tone}`}>
        <View className="case-hero__head">
          <Text className="case-hero__title">异议申请</Text>
          <Text className={`loan-tag loan-tag--${tone}`} data-testid="objection-status" data-status={o.status}>
            {o.statusLabel}
          </Text>
        </View>
        <View className="objection__ground" data-testid="objection-ground-label">
          理由：{o.groundLabel}
        </View>
        <View className="muted">
          {chineseDate(o.submittedAt)}提交 · {o.prefectureName}信用主管部门办理
        </View>
        {o.due ? (
          <View className={`case-due${o.due.overdue ? " case-due--late" : ""}`} data-testid="objection-due" data-overdue={String(o.due.overdue)}>
            {o.due.dueLabel}：{dateText(o.due.dueDate)}
            {o.due.overdue ? "（已超期，平台已记录）" : ""}
          </View>
        ) : null}
        {o.department ? (
          <View className="objection__dept" data-testid="objection-department">
            核查部门：{o.department}
          </View>
        ) : null}
      </View>

      <Decision o={o} />

      {o.decision ? null : (
        <View className="card objection__frozen" data-testid="objection-frozen">
          异议处理期间，该记录暂不计入您的信用评价，也不作为失信惩戒的依据。
        </View>
      )}

      <CaseSteps steps={steps} testId="objection-steps" />

      <View className="card">
        <View className="case-section-title">异议的记录</View>
        <RecordSummary
          testId="objection-record"
          record={{ title: o.record.title, kindLabel: kindWithSeverity(o.record.kindLabel, o.record.severity), sourceDept: o.record.sourceDept, decidedAt: o.record.decidedAt, statusLabel: o.record.status === "frozen" ? "异议中" : o.record.statusLabel }}
          onOpen={() => void openCreditRecord(o.record.id)}
        />
        <View className="case-decision__label muted">我的说明</View>
        <View className="case-decision__reason" data-testid="objection-explanation">
          {o.explanation}
        </View>
        <CaseFiles files={o.attachments} title="我提交的材料" testId="objection-files-shown" />
      </View>
    </View>
  );
}
