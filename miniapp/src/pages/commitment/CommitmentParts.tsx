import { Text, View } from "@tarojs/components";
import type { TCommitmentCase } from "@xinyi/shared";
import { DetailRow } from "../../components/DetailRow";
import { chineseDay, commitmentTone, dueText, dueUrgent, isOpen } from "../../lib/commitments";
import { beijingDateTime, chineseDate } from "../../lib/loans";
import { goTab } from "../../lib/nav";

/** The parts of one 信易批 case as its subject reads it (pages/commitment). */

export function CommitmentHero({ c }: { c: TCommitmentCase }) {
  const tone = commitmentTone(c.status);
  return (
    <View className={`commitment__hero commitment__hero--${tone}`}>
      <View className="commitment__tags">
        <Text className="commitment__type" data-testid="commitment-type">
          {c.typeLabel}
        </Text>
        <Text className={`loan-tag loan-tag--${tone}`} data-testid="commitment-status">
          {c.statusLabel}
        </Text>
      </View>
      <View className="commitment__title" data-testid="commitment-matter">
        {c.matter}
      </View>
      <View className="commitment__dept" data-testid="commitment-department">
        {c.department.name}
      </View>
      <View className="muted">
        {c.subject.name} · {chineseDate(c.createdAt)}受理
      </View>
    </View>
  );
}

/** What happens next, in the server's words; orange while it is the subject's turn or the date is near. */
export function NextStep({ c }: { c: TCommitmentCase }) {
  const act = c.status === "pending_signature" || dueUrgent(c);
  return (
    <View className={`card commitment__next${act ? " commitment__next--act" : ""}`} data-testid="commitment-next">
      {c.nextStep}
    </View>
  );
}

/** 容缺受理: the items to supply by the due date, each with whether it has come in. */
export function MissingItems({ c }: { c: TCommitmentCase }) {
  if (c.type !== "tolerate_missing") return null;
  const due = dueText(c);
  const open = isOpen(c);
  return (
    <View className="card" data-testid="commitment-missing">
      <View className="commitment__section-title">容缺材料</View>
      {c.dueDate ? (
        <View className={`commitment__due${dueUrgent(c) ? " commitment__due--urgent" : ""}`} data-testid="commitment-due">
          {due || `补齐期限 ${chineseDay(c.dueDate)}`}
        </View>
      ) : null}
      {c.missingItems.map((item) => (
        <View key={item.name} className="commitment__item" data-testid="commitment-missing-item" data-supplied={item.supplied ? "true" : "false"}>
          <Text className="commitment__item-name">{item.name}</Text>
          <Text className={`commitment__item-state${item.supplied ? " commitment__item-state--ok" : ""}`}>
            {item.supplied ? `已补齐${item.suppliedAt ? ` · ${chineseDate(item.suppliedAt)}` : ""}` : open ? "待补齐" : "未补齐"}
          </Text>
        </View>
      ))}
      {c.status === "signed" ? <View className="muted commitment__hint">请按期限将材料交到{c.department.name}；逾期未补齐，将终止办理并记入信用记录。</View> : null}
    </View>
  );
}

/** How the case ended. A broken commitment says it is now a record the score counts, and where to object. */
export function Outcome({ c }: { c: TCommitmentCase }) {
  if (!c.outcome) return null;
  const broken = c.outcome.status === "broken";
  return (
    <View className={`card commitment__outcome commitment__outcome--${commitmentTone(c.outcome.status)}`} data-testid="commitment-outcome" data-status={c.outcome.status}>
      <View className="commitment__section-title">办理结果</View>
      <View className="commitment__outcome-label" data-testid="commitment-outcome-label">
        {c.outcome.label}
      </View>
      <View className="commitment__outcome-reason" data-testid="commitment-outcome-reason">
        {c.outcome.reason}
      </View>
      <View className="muted">{beijingDateTime(c.outcome.at)}</View>
      {broken ? (
        <View className="commitment__broken" data-testid="commitment-broken-record">
          已记入您的信用记录（违背信用承诺），信用分随之下调。如认为有误，可在“我的信用”中对该记录提出异议。
          <Text className="commitment__link" data-testid="commitment-goto-credit" onClick={() => void goTab("credit")}>
            查看我的信用 ›
          </Text>
        </View>
      ) : null}
    </View>
  );
}

export function Verification({ c }: { c: TCommitmentCase }) {
  const v = c.verification;
  if (!v) return null;
  return (
    <View className="card" data-testid="commitment-verification">
      <View className="commitment__section-title">部门核查</View>
      <DetailRow block="commitment" label="核查方式">
        {v.methodLabel}
      </DetailRow>
      <DetailRow block="commitment" label="核查日期">
        {chineseDay(v.date)}
      </DetailRow>
      <DetailRow block="commitment" label="核查结果" testId="commitment-verification-result">
        {v.resultLabel}
      </DetailRow>
      <DetailRow block="commitment" label="核查部门">
        {v.byLabel}
      </DetailRow>
      {v.note ? <View className="commitment__note">{v.note}</View> : null}
    </View>
  );
}

/** The 信用承诺书 verbatim, and once signed who signed it when. */
export function CommitmentText({ c }: { c: TCommitmentCase }) {
  return (
    <View className="card" data-testid="commitment-text-card">
      <View className="commitment__section-title">信用承诺书</View>
      <View className="commitment__text" data-testid="commitment-text">
        {c.commitmentText}
      </View>
      {c.signature ? (
        <View className="commitment__signed" data-testid="commitment-signature">
          {c.signature.signerLabel} 已于 {beijingDateTime(c.signature.signedAt)} 在线签署
        </View>
      ) : null}
    </View>
  );
}

export function Timeline({ c }: { c: TCommitmentCase }) {
  const events = [...c.timeline].sort((x, y) => x.version - y.version);
  return (
    <View className="card" data-testid="commitment-timeline">
      <View className="commitment__section-title">办理进度</View>
      {events.map((e, i) => (
        <View key={e.version} className={`commitment-step${i === events.length - 1 ? " commitment-step--last" : ""}`} data-testid="commitment-event">
          <View className="commitment-step__dot" />
          <View className="commitment-step__body">
            <View className="commitment-step__head">
              <Text className="commitment-step__label" data-testid="commitment-event-label">
                {e.actionLabel}
              </Text>
              <Text className="commitment-step__time">{beijingDateTime(e.at)}</Text>
            </View>
            <View className="commitment-step__actor">{e.actorLabel}</View>
            {e.note ? <View className="commitment-step__note">{e.note}</View> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
