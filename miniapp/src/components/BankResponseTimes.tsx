import { useEffect, useState } from "react";
import { Text, View } from "@tarojs/components";
import type { TBankResponseTimes } from "@xinyi/shared";
import { bankResponseTimes } from "../api/loans";
import "./BankResponseTimes.scss";

function hoursText(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 1) return "1 小时内";
  return hours < 48 ? `${Math.round(hours)} 小时` : `${(hours / 24).toFixed(1)} 天`;
}

/**
 * 银行响应时效: how fast each bank really answers, public for everyone, so an applicant can weigh a
 * bank's promise against its record. Only banks that have received applications are listed.
 */
export function BankResponseTimes() {
  const [data, setData] = useState<TBankResponseTimes>();
  useEffect(() => {
    // A table beside the products: when it cannot load, the page goes on without it.
    bankResponseTimes()
      .then(setData)
      .catch(() => undefined);
  }, []);
  const banks = (data?.items ?? []).filter((b) => b.applications > 0);
  if (banks.length === 0) return null;
  return (
    <View className="card bank-times" data-testid="bank-response-times">
      <View className="bank-times__title">银行响应时效</View>
      <View className="bank-times__hint">近12个月各银行收到申请后首次答复（受理或拒绝）的用时</View>
      {banks.map((b) => (
        <View key={b.bankPartnerId} className="bank-times__row" data-testid={`bank-response-${b.bankPartnerId}`}>
          <Text className="bank-times__bank">{b.bankName}</Text>
          <View className="bank-times__numbers">
            <Text>中位 {hoursText(b.firstResponseHoursMedian)}</Text>
            <Text>{b.answeredWithinPromiseShare === null ? "—" : `${Math.round(b.answeredWithinPromiseShare * 100)}% 按承诺答复`}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
