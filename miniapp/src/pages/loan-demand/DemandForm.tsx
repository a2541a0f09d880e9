import { useState } from "react";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { DEMAND_TAKE_SLOTS, GUARANTEE_MODES, GUARANTEE_MODE_LABELS, ZLoanDemandRequest, type TGuaranteeMode, type TLoanDemand, type TMe } from "@xinyi/shared";
import { publishLoanDemand } from "../../api/loans";
import { ContactFields, useContactConsent } from "../../components/ContactFields";
import { Chips, Field } from "../../components/Field";
import { InputField, PurposeField } from "../../components/InputField";
import { useFormIssues } from "../../components/useFormIssues";
import { numberField, zodIssues } from "../../lib/loans";

interface FormError {
  seq: number;
  message: string;
}

const FIELD_ORDER = ["amountWan", "termMonths", "purpose", "guaranteeModes", "contactName", "contactPhone", "consent.accepted", "consent.validUntil"];

/** 发布融资需求: what the enterprise needs, and the consent for the banks that take it. */
export function DemandForm({ me, onPublished, onCancel }: { me: TMe | undefined; onPublished: (d: TLoanDemand) => void; onCancel: () => void }) {
  const [amount, setAmount] = useState("");
  const [term, setTerm] = useState("");
  const [purpose, setPurpose] = useState("");
  const [modes, setModes] = useState<TGuaranteeMode[]>(["credit"]);
  const contact = useContactConsent(me);
  const form = useFormIssues<FormError>("demand", FIELD_ORDER);
  const { issues, clearIssue, bind, formError, submitting } = form;

  function toggleMode(m: TGuaranteeMode) {
    setModes((cur) => (cur.includes(m) ? cur.filter((x) => x !== m) : GUARANTEE_MODES.filter((x) => x === m || cur.includes(x))));
    clearIssue("guaranteeModes");
  }

  async function onSubmit() {
    if (submitting) return;
    const parsed = ZLoanDemandRequest.safeParse({
      amountWan: numberField(amount),
      termMonths: numberField(term),
      purpose,
      guaranteeModes: modes,
      ...contact.body(),
    });
    const found = parsed.success ? {} : zodIssues(parsed.error.issues);
    contact.checkDay(found);
    await form.submit(found, parsed.success ? parsed.data : undefined, publishLoanDemand, {
      toast: "已发布",
      done: onPublished,
      unknownHint: "发布结果未知：请再点一次“发布需求”，不会重复发布。",
    });
  }

  const region = me?.prefectureName ?? "所在州市";

  return (
    <View className="card demand-form" data-testid="demand-form">
      <View className="demand-form__title">发布融资需求</View>
      <View className="demand-form__intro">
        服务{region}的银行可以看到您的需求（接单前看不到联系方式），最多 {DEMAND_TAKE_SLOTS} 家银行接单，并在承诺时间内给出报价或婉拒。您选定一家报价后，即成为向该银行的贷款申请。
      </View>

      <InputField label="融资金额（万元）" inputTestId="demand-amount-input" type="digit" placeholder="如 200" {...bind("amountWan", amount, setAmount)} />
      <InputField label="期限（月）" inputTestId="demand-term-input" type="number" placeholder="如 12" {...bind("termMonths", term, setTerm)} />
      <PurposeField label="融资用途" inputTestId="demand-purpose-input" placeholder="请说明资金用途（2–200字）" {...bind("purpose", purpose, setPurpose)} />
      <Field label="可接受的担保方式（可多选）" error={issues.guaranteeModes} testId="demand-guaranteeModes" plain>
        <Chips testId="demand-guarantee" options={GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))} selected={modes} onToggle={toggleMode} />
      </Field>
      <ContactFields
        prefix="demand"
        nameHint="接单的银行会联系此人"
        who={`接单的银行（服务${region}，最多${DEMAND_TAKE_SLOTS}家）`}
        whose="贵企业"
        state={contact}
        form={form}
      />

      {formError ? (
        <View className="demand-form__error" data-testid="demand-error" data-seq={String(formError.seq)}>
          {formError.message}
        </View>
      ) : null}

      <View className="demand-form__actions">
        <Button data-testid="demand-cancel" fill="outline" onClick={onCancel}>
          取消
        </Button>
        <Button data-testid="demand-submit" type="primary" loading={submitting} onClick={() => void onSubmit()}>
          发布需求
        </Button>
      </View>
    </View>
  );
}
