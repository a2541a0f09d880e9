import { Text, View } from "@tarojs/components";
import type { TAttachment } from "@xinyi/shared";
import { dateText, fileSizeText } from "../../lib/credit-rights";
import { beijingDateTime } from "../../lib/loans";
import "./CaseSteps.scss";

/** One step of a case as both 异议 and 信用修复 tell it: what happened, who acted, why. */
export interface CaseStep {
  key: string;
  label: string;
  actorLabel: string;
  reason?: string;
  at: string;
}

/** 办理进度: the case's steps, oldest first, the latest one marked. */
export function CaseSteps({ steps, testId }: { steps: readonly CaseStep[]; testId: string }) {
  return (
    <View className="card" data-testid={testId}>
      <View className="case-section-title">办理进度</View>
      {steps.length === 0 ? <View className="muted">暂无记录</View> : null}
      {steps.map((s, i) => (
        <View key={s.key} className={`case-step${i === steps.length - 1 ? " case-step--last" : ""}`} data-testid={`${testId}-step`}>
          <View className="case-step__dot" />
          <View className="case-step__body">
            <View className="case-step__head">
              <Text className="case-step__label" data-testid={`${testId}-step-label`}>
                {s.label}
              </Text>
              <Text className="case-step__time">{beijingDateTime(s.at)}</Text>
            </View>
            <View className="case-step__actor">{s.actorLabel}</View>
            {s.reason ? (
              <View className="case-step__note" data-testid={`${testId}-step-reason`}>
                {s.reason}
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}

/** The files of a case, by name, type and size (the content stays on the server, for the case only). */
export function CaseFiles({ files, title, testId }: { files: readonly TAttachment[]; title: string; testId: string }) {
  if (files.length === 0) return null;
  return (
    <View className="case-files" data-testid={testId}>
      <View className="case-files__title muted">{title}</View>
      {files.map((f) => (
        <View key={f.id} className="case-files__file" data-testid={`${testId}-file`}>
          <Text className={`case-files__type case-files__type--${f.contentType === "application/pdf" ? "pdf" : "img"}`}>{f.contentType === "application/pdf" ? "PDF" : "图片"}</Text>
          <Text className="case-files__name">{f.fileName}</Text>
          <Text className="muted">{fileSizeText(f.size)}</Text>
        </View>
      ))}
    </View>
  );
}

/** The record a case is about, in one card: what, from whom, when, and how it stands now. */
export function RecordSummary({
  record,
  onOpen,
  testId,
}: {
  record: { title: string; kindLabel: string; sourceDept?: string; decidedAt: string; statusLabel?: string };
  onOpen?: () => void;
  testId: string;
}) {
  return (
    <View className="case-record" data-testid={testId} onClick={onOpen}>
      <View className="case-record__head">
        <Text className="case-record__kind">{record.kindLabel}</Text>
        {record.statusLabel ? (
          <Text className="case-record__status" data-testid={`${testId}-status`}>
            {record.statusLabel}
          </Text>
        ) : null}
      </View>
      <View className="case-record__title" data-testid={`${testId}-title`}>
        {record.title}
      </View>
      <View className="case-record__meta">
        {record.sourceDept ? `${record.sourceDept} · ` : ""}
        {dateText(record.decidedAt.slice(0, 10))}决定
      </View>
    </View>
  );
}
