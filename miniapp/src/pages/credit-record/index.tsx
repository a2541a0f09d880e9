import { useState } from "react";
import { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { isAdverseRecord, type TCreditRecord, type TEvaluation, type TRecordRights } from "@xinyi/shared";
import { ApiError } from "../../api/client";
import { getRecordRights } from "../../api/credit-rights";
import { getMyCredit } from "../../api/endpoints";
import { DetailRow } from "../../components/DetailRow";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { RecordRights } from "../../components/RecordRights";
import { dayOf, recordKindLabel, recordStatusLabel, signedPoints } from "../../lib/credit";
import { dateText } from "../../lib/credit-rights";
import { goTab, openObjection, openObjectionForm, openRepair, openRepairForm } from "../../lib/nav";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

type Factor = TEvaluation["factors"][number];

/** What the record does to the score now, in words: "-15 分", or why it does not count. */
function ScoreEffect({ factor, record }: { factor?: Factor; record: TCreditRecord }) {
  if (!factor) return null;
  const counts = factor.counts && factor.contribution !== 0;
  return (
    <View className={`record-detail__effect record-detail__effect--${!counts ? "off" : factor.contribution > 0 ? "pos" : "neg"}`} data-testid="record-effect" data-counts={String(factor.counts)} data-contribution={String(factor.contribution)}>
      <Text className="record-detail__effect-label">对信用分的影响</Text>
      <Text className="record-detail__effect-value">{counts ? `${signedPoints(factor.contribution)} 分` : "暂不计入"}</Text>
      {factor.note ? <View className="record-detail__effect-note">{factor.note}</View> : null}
      {!factor.note && record.status === "frozen" ? <View className="record-detail__effect-note">异议处理期间，该记录暂不计入信用评价</View> : null}
    </View>
  );
}

export default function CreditRecordPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const [record, setRecord] = useState<TCreditRecord>();
  const [factor, setFactor] = useState<Factor>();
  const [rights, setRights] = useState<TRecordRights>();
  const [missing, setMissing] = useState(false);

  const { state, error, load } = usePageLoad(async () => {
    const profile = await getMyCredit();
    const found = profile.records.find((r) => r.id === id);
    setMissing(!found);
    setRecord(found);
    setFactor(profile.evaluation?.factors.find((f) => f.recordId === id));
    if (!found || !isAdverseRecord(found)) return setRights(undefined);
    try {
      setRights(await getRecordRights(id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return setMissing(true);
      throw e;
    }
  });

  const r = record;
  // Repaired, withdrawn or run out: nothing left to object to or repair; the dates would only confuse.
  const closed = r ? r.status === "repaired" || r.status === "revoked" || r.status === "expired" : false;
  return (
    <View className="page record-detail" data-testid="credit-record-page" data-state={state} data-status={r?.status ?? ""}>
      {state === "error" ? <LoadError message={error} testId="credit-record-error" onRetry={() => void load()} /> : null}
      {!r && state === "loading" ? <LoadingCards count={2} /> : null}
      {missing && state === "ready" ? (
        <View className="card record-detail__missing" data-testid="credit-record-missing">
          <View className="record-detail__missing-title">找不到这条信用记录</View>
          <Button type="primary" fill="outline" size="small" onClick={() => void goTab("credit")}>
            返回我的信用
          </Button>
        </View>
      ) : null}

      {r ? (
        <View>
          <View className={`record-detail__hero record-detail__hero--${closed ? "done" : isAdverseRecord(r) ? "neg" : "pos"}`}>
            <View className="record-detail__tags">
              <Text className={`record__kind record__kind--${isAdverseRecord(r) ? "neg" : "pos"}`} data-testid="credit-record-kind">
                {recordKindLabel(r)}
              </Text>
              <Text className={`record__status record__status--${r.status}`} data-testid="credit-record-status">
                {r.status === "frozen" ? "异议中" : recordStatusLabel(r.status)}
              </Text>
            </View>
            <View className="record-detail__title" data-testid="credit-record-title">
              {r.title}
            </View>
            <ScoreEffect factor={factor} record={r} />
          </View>

          <View className="card">
            <DetailRow block="record-detail" label="作出部门">
              {r.sourceDept}
            </DetailRow>
            <DetailRow block="record-detail" label="文书号">
              {r.docNo}
            </DetailRow>
            <DetailRow block="record-detail" label="决定日期" testId="credit-record-decided">
              {dateText(dayOf(r.decidedAt))}
            </DetailRow>
            {r.publishedAt ? (
              <DetailRow block="record-detail" label="公示日期">
                {dateText(dayOf(r.publishedAt))}
              </DetailRow>
            ) : null}
            {r.validUntil ? (
              <DetailRow block="record-detail" label="公示截止">
                {dateText(dayOf(r.validUntil))}
              </DetailRow>
            ) : null}
          </View>

          {closed ? (
            <View className="card record-detail__closed" data-testid="credit-record-closed">
              {r.status === "repaired"
                ? "该记录已完成信用修复，停止公示，不再计入信用评价。"
                : r.status === "revoked"
                  ? "该记录已撤销，不再公示，也不再计入信用评价。"
                  : "该记录已过公示期限，不再计入信用评价。"}
            </View>
          ) : rights ? (
            <RecordRights
              rights={rights}
              onObject={() => void openObjectionForm(r.id)}
              onRepair={() => void openRepairForm(r.id)}
              onOpenObjection={(x) => void openObjection(x)}
              onOpenRepair={(x) => void openRepair(x)}
            />
          ) : (
            <View className="card muted record-detail__positive" data-testid="credit-record-positive">
              {r.status === "active" && !isAdverseRecord(r)
                ? "这是一条守信记录，会为您的信用评价加分。信息有误时，可向作出部门申请更正。"
                : `该记录${recordStatusLabel(r.status)}，不再计入信用评价。`}
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}
