import { useState } from "react";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import {
  REPAYMENT_MODE_LABELS,
  ZLoanApplicationRequest,
  type TAvailableLoanProduct,
  type TLoanApplication,
  type TMe,
  type TRepaymentMode,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { applyForLoan } from "../../api/loans";
import { ContactFields, useContactConsent } from "../../components/ContactFields";
import { Chips, Field } from "../../components/Field";
import { InputField, PurposeField } from "../../components/InputField";
import { useFormIssues } from "../../components/useFormIssues";
import {
  detailReasons,
  maxAmountFor,
  numberField,
  rangeText,
  wan,
  zodIssues,
} from "../../lib/loans";
import { openLoanApplications } from "../../lib/nav";

interface FormError {
  seq: number;
  message: string;
  reasons?: string[];
  /** LOAN_APPLICATION_OPEN: where the open one is. */
  openApplication?: boolean;
}

/** Fields in the order the form shows them (the first refused one is scrolled to). */
const FIELD_ORDER = ["amountWan", "termMonths", "purpose", "repaymentMode", "contactName", "contactPhone", "consent.accepted", "consent.validUntil"];

function quickTerms(range: { min: number; max: number }): number[] {
  return [6, 12, 24, 36, 60].filter((m) => m >= range.min && m <= range.max);
}

/** 申请贷款: amount, term, purpose, repayment, contact — and the consent to the bank, ticked in the same step. */
export function ApplyForm({ product: p, me, onApplied }: { product: TAvailableLoanProduct; me: TMe | undefined; onApplied: (a: TLoanApplication) => void }) {
  const maxAmount = maxAmountFor(p);
  const [amount, setAmount] = useState("");
  const [term, setTerm] = useState("");
  const [purpose, setPurpose] = useState("");
  const [repayment, setRepayment] = useState<TRepaymentMode | undefined>(p.repaymentModes.length === 1 ? p.repaymentModes[0] : undefined);
  const contact = useContactConsent(me);
  const form = useFormIssues<FormError>("apply", FIELD_ORDER);
  const { issues, clearIssue, bind, formError, submitting } = form;
  const enterprise = me?.role === "enterprise";

  function check(): { body?: ReturnType<typeof ZLoanApplicationRequest.parse>; found: Record<string, string> } {
    const raw = {
      amountWan: numberField(amount),
      termMonths: numberField(term),
      purpose,
      repaymentMode: repayment,
      ...contact.body(),
    };
    const parsed = ZLoanApplicationRequest.safeParse(raw);
    const found = parsed.success ? {} : zodIssues(parsed.error.issues);
    // The product's own limits, so that the person learns them before the bank refuses.
    const a = raw.amountWan;
    if (!found.amountWan && a !== undefined && (a < p.amountWan.min || a > maxAmount)) {
      found.amountWan =
        a > maxAmount && maxAmount < p.amountWan.max
          ? `按您的信用等级，最高可申请 ${wan(maxAmount)} 万元`
          : `本产品可申请 ${rangeText({ min: p.amountWan.min, max: maxAmount }, " 万元")}`;
    }
    const t = raw.termMonths;
    if (!found.termMonths && t !== undefined && (t < p.termMonths.min || t > p.termMonths.max)) {
      found.termMonths = `本产品期限为 ${rangeText(p.termMonths, " 个月")}`;
    }
    contact.checkDay(found);
    if (p.repaymentModes.length > 0 && !raw.repaymentMode) found.repaymentMode = "请选择还款方式";
    return parsed.success && Object.keys(found).length === 0 ? { body: parsed.data, found } : { found };
  }

  async function onSubmit() {
    if (submitting) return;
    const { body, found } = check();
    await form.submit(found, body, (b: NonNullable<typeof body>, key: string) => applyForLoan(p.id, b, key), {
      toast: "申请已提交",
      done: onApplied,
      unknownHint: "提交结果未知：请再点一次“提交申请”，不会重复申请。",
      special: (e) => {
        const code = e instanceof ApiError ? e.code : undefined;
        if (code === "LOAN_APPLICATION_OPEN") return { message: errorMessage(e), openApplication: true };
        if (code === "LOAN_NOT_ELIGIBLE") return { message: errorMessage(e), reasons: detailReasons(e) };
        return undefined;
      },
    });
  }

  const termHint = `本产品期限 ${rangeText(p.termMonths, " 个月")}`;
  const amountHint =
    maxAmount < p.amountWan.max
      ? `本产品 ${rangeText(p.amountWan, " 万元")}；按您的信用等级最高可申请 ${wan(maxAmount)} 万元`
      : `本产品可申请 ${rangeText(p.amountWan, " 万元")}`;

  return (
    <View className="card apply" data-testid="apply-form">
      <View className="apply__title">填写申请</View>

      <InputField
        label="申请金额（万元）"
        hint={amountHint}
        inputTestId="apply-amount-input"
        type="digit"
        placeholder={`${wan(p.amountWan.min)}–${wan(maxAmount)}`}
        {...bind("amountWan", amount, setAmount)}
      />

      <InputField
        label="贷款期限（月）"
        hint={termHint}
        inputTestId="apply-term-input"
        type="number"
        placeholder={`${p.termMonths.min}–${p.termMonths.max}`}
        {...bind("termMonths", term, setTerm)}
      />
      {quickTerms(p.termMonths).length ? (
        <View className="apply__quick">
          <Chips
            testId="apply-term-quick"
            options={quickTerms(p.termMonths).map((m) => ({ value: m, label: `${m}个月` }))}
            selected={numberField(term) !== undefined ? [Number(term)] : []}
            onToggle={(m) => {
              setTerm(String(m));
              clearIssue("termMonths");
            }}
          />
        </View>
      ) : null}

      <PurposeField
        label="贷款用途"
        hint="如：采购原材料、支付货款、店面装修"
        inputTestId="apply-purpose-input"
        placeholder="请说明贷款用途（2–200字）"
        {...bind("purpose", purpose, setPurpose)}
      />

      {p.repaymentModes.length ? (
        <Field label="还款方式" error={issues.repaymentMode} testId="apply-repaymentMode" plain>
          <Chips
            testId="apply-repayment"
            options={p.repaymentModes.map((m) => ({ value: m, label: REPAYMENT_MODE_LABELS[m] }))}
            selected={repayment ? [repayment] : []}
            onToggle={(m) => {
              setRepayment(m);
              clearIssue("repaymentMode");
            }}
          />
        </Field>
      ) : null}

      <ContactFields
        prefix="apply"
        nameHint="银行受理后会联系此人"
        who={p.bankName}
        whose={enterprise ? "贵企业" : "您"}
        state={contact}
        form={form}
      />

      {formError ? (
        <View className="apply__error" data-testid="apply-error" data-seq={String(formError.seq)}>
          <View>{formError.message}</View>
          {(formError.reasons ?? []).map((r, i) => (
            <View key={i} className="apply__error-reason" data-testid="apply-error-reason">
              {r}
            </View>
          ))}
          {formError.openApplication ? (
            <Text className="apply__error-link" data-testid="apply-goto-applications" onClick={() => void openLoanApplications()}>
              查看我的贷款申请 ›
            </Text>
          ) : null}
        </View>
      ) : null}

      <Button data-testid="apply-submit" type="primary" block size="large" loading={submitting} onClick={() => void onSubmit()}>
        提交申请
      </Button>
      <View className="muted apply__foot">提交后银行将在承诺时间内答复；办理进度可在「我的 › 我的贷款申请」查看。</View>
    </View>
  );
}
