import { Picker, Text, View } from "@tarojs/components";
import { ArrowRight } from "@nutui/icons-react-taro";
import { dayAfter } from "../lib/credit";
import { LOAN_CONSENT_MAX_DAYS, dayText } from "../lib/loans";
import { CheckRow } from "./CheckRow";
import "./LoanConsent.scss";

const QUICK_DAYS = [
  { days: 30, label: "30天" },
  { days: 90, label: "90天" },
  { days: 180, label: "180天" },
  { days: LOAN_CONSENT_MAX_DAYS, label: "1年" },
];

/**
 * The consent that goes with a loan application or a financing demand, shown in full in the same
 * step: who may read which report, for what, until when — with its own box to tick.
 */
export function LoanConsent({
  who,
  whose,
  checked,
  onCheck,
  day,
  onDay,
  checkError,
  dayError,
  testId,
}: {
  /** "建设银行云南省分行", or "接单的银行（最多3家）". */
  who: string;
  /** "您" or "贵企业". */
  whose: string;
  checked: boolean;
  onCheck: (next: boolean) => void;
  /** yyyy-mm-dd, device calendar. */
  day: string;
  onDay: (day: string) => void;
  checkError?: string;
  dayError?: string;
  testId: string;
}) {
  return (
    <View className={`loan-consent${checkError || dayError ? " loan-consent--error" : ""}`} data-testid={testId}>
      <View className="loan-consent__title">信用报告查询授权</View>
      <CheckRow checked={checked} onChange={onCheck} testId={`${testId}-check`}>
        <Text data-testid={`${testId}-text`}>
          授权<Text className="loan-consent__strong">{who}</Text>在<Text className="loan-consent__strong">{dayText(day)}</Text>前查询{whose}的信用报告，用于贷款审批
        </Text>
      </CheckRow>
      {checkError ? (
        <View className="loan-consent__error" data-testid={`${testId}-check-error`}>
          {checkError}
        </View>
      ) : null}

      <View className="loan-consent__label">授权截止日期</View>
      <View className="loan-consent__days">
        {QUICK_DAYS.map((q) => {
          const d = dayAfter(q.days);
          return (
            <View
              key={q.days}
              className={`loan-consent__day${day === d ? " loan-consent__day--active" : ""}`}
              data-testid={`${testId}-days-${q.days}`}
              onClick={() => onDay(d)}
            >
              {q.label}
            </View>
          );
        })}
      </View>
      <Picker mode="date" value={day} start={dayAfter(1)} end={dayAfter(LOAN_CONSENT_MAX_DAYS)} onChange={(e) => onDay(String(e.detail.value))}>
        <View className="loan-consent__date" data-testid={`${testId}-date`}>
          <Text>{dayText(day)}</Text>
          <Text className="loan-consent__date-hint">
            选择日期 <ArrowRight size={10} color="#86909c" />
          </Text>
        </View>
      </Picker>
      {dayError ? (
        <View className="loan-consent__error" data-testid={`${testId}-date-error`}>
          {dayError}
        </View>
      ) : null}
      <View className="loan-consent__notes">
        <View>· 仅限用于贷款审批，到期自动失效，最长一年。</View>
        <View>· 您可以在「我的 › 授权管理」中随时撤销；撤销后银行不能再查询。</View>
        <View>· 每一次查询都会记录，您可在「授权管理 › 查询记录」中查看。</View>
      </View>
    </View>
  );
}
