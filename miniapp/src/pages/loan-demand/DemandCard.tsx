import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { DEMAND_TAKE_SLOTS, type TDemandTake, type TLoanDemand } from "@xinyi/shared";
import { DetailRow } from "../../components/DetailRow";
import { LoanTermsRows } from "../../components/LoanTermsRows";
import { beijingDateTime, canAccept, chineseDate, demandStatusLabel, guaranteeText, lastDayOf, takeStatusLabel, wan } from "../../lib/loans";
import { openLoanApplication } from "../../lib/nav";

const TAKE_TONE: Record<TDemandTake["status"], string> = {
  taken: "progress",
  offered: "ok",
  declined: "fail",
  lapsed: "done",
  accepted: "ok",
  not_chosen: "done",
};

function TakeItem({ demand, take: t, busy, onAccept }: { demand: TLoanDemand; take: TDemandTake; busy: boolean; onAccept: (t: TDemandTake) => void }) {
  return (
    <View className={`demand-take demand-take--${t.status}`} data-testid={`demand-take-${t.id}`} data-status={t.status}>
      <View className="demand-take__head">
        <Text className="demand-take__bank" data-testid="demand-take-bank">
          {t.bankName}
        </Text>
        <Text className={`loan-tag loan-tag--${TAKE_TONE[t.status]}`} data-testid="demand-take-status">
          {takeStatusLabel(t.status)}
        </Text>
      </View>
      <View className="demand-take__meta">{beijingDateTime(t.takenAt)} 接单</View>
      {t.status === "taken" ? (
        <View className="demand-take__due" data-testid="demand-take-due">
          银行须在 {lastDayOf(t.answerDueAt)} 前报价或答复，逾期名额将释放给其他银行
        </View>
      ) : null}
      {t.status === "lapsed" ? <View className="demand-take__due">银行未在 {lastDayOf(t.answerDueAt)} 前答复，名额已释放</View> : null}
      {t.offer ? (
        <View className="demand-take__offer" data-testid="demand-take-offer">
          <LoanTermsRows block="demand-take" amountLabel="额度" testIdPrefix="demand-take-offer" terms={t.offer} />
          <DetailRow block="demand-take" label="报价有效期至" testId="demand-take-offer-valid">
            {chineseDate(t.offer.validUntil)}
          </DetailRow>
          {t.offer.note ? <View className="demand-take__note">银行说明：{t.offer.note}</View> : null}
        </View>
      ) : null}
      {t.decline ? (
        <View className="demand-take__decline" data-testid="demand-take-decline">
          <View className="demand-take__decline-reason">{t.decline.reasonLabel}</View>
          {t.decline.text ? <View className="demand-take__note">银行说明：{t.decline.text}</View> : null}
        </View>
      ) : null}
      {canAccept(demand, t) ? (
        <Button data-testid="demand-take-accept" type="primary" block loading={busy} onClick={() => onAccept(t)}>
          接受此报价
        </Button>
      ) : null}
      {t.status === "accepted" && t.applicationId ? (
        <View className="demand-take__link" data-testid="demand-take-application" onClick={() => void openLoanApplication(t.applicationId!)}>
          已成为向该银行的贷款申请，查看进度 ›
        </View>
      ) : null}
    </View>
  );
}

/** One of my financing demands with every bank's take. */
export function DemandCard({
  demand: d,
  accepting,
  withdrawing,
  onAccept,
  onWithdraw,
}: {
  demand: TLoanDemand;
  accepting?: string;
  withdrawing: boolean;
  onAccept: (d: TLoanDemand, t: TDemandTake) => void;
  onWithdraw: (d: TLoanDemand) => void;
}) {
  const tone = d.status === "open" ? "progress" : d.status === "matched" ? "ok" : "done";
  const held = DEMAND_TAKE_SLOTS - d.slotsLeft;
  return (
    <View className={`card demand demand--${d.status}`} data-testid={`demand-card-${d.id}`} data-status={d.status}>
      <View className="demand__head">
        <Text className="demand__amount">
          <Text className="demand__amount-num" data-testid="demand-amount">
            {wan(d.amountWan)}
          </Text>{" "}
          万元 · {d.termMonths} 个月
        </Text>
        <Text className={`loan-tag loan-tag--${tone}`} data-testid="demand-status">
          {demandStatusLabel(d.status)}
        </Text>
      </View>
      <View className="demand__purpose">{d.purpose}</View>
      <View className="demand__meta">
        担保：{guaranteeText(d.guaranteeModes)} · {chineseDate(d.createdAt)}发布
      </View>
      {d.status === "open" ? (
        <View className="demand__slots" data-testid="demand-slots">
          {held > 0 ? `已有 ${held} 家银行接单` : "等待银行接单"}
          {d.slotsLeft > 0 ? `，还可接 ${d.slotsLeft} 家` : "，名额已满"}
        </View>
      ) : null}

      {d.takes.length > 0 ? (
        <View className="demand__takes" data-testid="demand-takes">
          {d.takes.map((t) => (
            <TakeItem key={t.id} demand={d} take={t} busy={accepting === t.id} onAccept={(x) => onAccept(d, x)} />
          ))}
        </View>
      ) : null}

      {d.status === "open" ? (
        <View className="demand__actions">
          <Button data-testid="demand-withdraw" size="small" fill="outline" type="danger" loading={withdrawing} onClick={() => onWithdraw(d)}>
            撤回需求
          </Button>
        </View>
      ) : null}
    </View>
  );
}
