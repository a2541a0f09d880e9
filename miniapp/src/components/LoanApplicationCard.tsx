import { Text, View } from "@tarojs/components";
import type { TLoanApplication } from "@xinyi/shared";
import { applicationNextStep, applicationStatusLabel, applicationTone, chineseDate, wan } from "../lib/loans";
import "./LoanApplicationCard.scss";

/** The product applied for and where the application stands (its tag), as the card and the detail page head them. */
export function ApplicationHead({ application: a, headClass, titleClass }: { application: TLoanApplication; headClass: string; titleClass: string }) {
  return (
    <View className={headClass}>
      <Text className={titleClass} data-testid="loan-application-product">
        {a.productName}
      </Text>
      <Text className={`loan-tag loan-tag--${applicationTone(a.status)}`} data-testid="loan-application-status">
        {applicationStatusLabel(a.status)}
      </Text>
    </View>
  );
}

/** One of 我的贷款申请: what, with which bank, where it stands. */
export function LoanApplicationCard({ application: a, onOpen }: { application: TLoanApplication; onOpen: (a: TLoanApplication) => void }) {
  const tone = applicationTone(a.status);
  const late = a.responseOverdue && (a.status === "submitted" || a.status === "accepted");
  return (
    <View className={`loan-app-card loan-app-card--${tone}`} data-testid={`loan-application-card-${a.id}`} data-status={a.status} onClick={() => onOpen(a)}>
      <ApplicationHead application={a} headClass="loan-app-card__head" titleClass="loan-app-card__title" />
      <View className="loan-app-card__bank">{a.bankName}</View>
      <View className="loan-app-card__facts">
        <Text>
          申请 <Text className="loan-app-card__num">{wan(a.amountWan)}</Text> 万元 · {a.termMonths} 个月
        </Text>
        <Text className="muted">{chineseDate(a.submittedAt)}提交</Text>
      </View>
      <View className={`loan-app-card__next${late ? " loan-app-card__next--late" : ""}`} data-testid="loan-application-next">
        {applicationNextStep(a)}
      </View>
    </View>
  );
}
