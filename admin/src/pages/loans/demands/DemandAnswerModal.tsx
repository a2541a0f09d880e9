import { useEffect, useState } from "react";
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  LOAN_REJECTION_REASONS,
  LOAN_REJECTION_REASON_LABELS,
  ZDemandAnswerRequest,
  type TLoanDemand,
  type TLoanRejectionReason,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { answerLoanDemand } from "../../../api/loans";
import { mapIssuesToFields, setErrorsAt } from "../../../lib/formErrors";
import { beijingInstant, beijingToday, formatWan } from "../../../lib/loans";
import { testId } from "../../../lib/testId";

interface AnswerValues {
  answer: "offer" | "decline";
  offer?: { amountWan?: number | null; annualRate?: number | null; termMonths?: number | null; validUntil?: Dayjs | null; note?: string };
  reason?: TLoanRejectionReason;
  text?: string;
}

const FIELDS = ["offer.amountWan", "offer.annualRate", "offer.termMonths", "offer.validUntil", "offer.note", "reason", "text"] as const;
type TField = (typeof FIELDS)[number];

function fieldFor(segments: string[]): TField | undefined {
  const key = segments[0] === "offer" ? segments.slice(0, 2).join(".") : (segments[0] ?? "");
  return (FIELDS as readonly string[]).includes(key) ? (key as TField) : undefined;
}

const reasonOptions = LOAN_REJECTION_REASONS.map((r) => ({ value: r, label: LOAN_REJECTION_REASON_LABELS[r] }));
const STALE = ["LOAN_DEMAND_CLOSED", "LOAN_TRANSITION_INVALID", "VERSION_CONFLICT", "NOT_FOUND"];

/** 报价 / 婉拒: the bank's answer on a demand it took, within its promised time. */
export function DemandAnswerModal({
  demand,
  initialAnswer,
  onClose,
  onAnswered,
  onStale,
}: {
  demand: TLoanDemand | null;
  initialAnswer: "offer" | "decline";
  onClose: () => void;
  onAnswered: (updated: TLoanDemand) => void;
  onStale: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AnswerValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = Form.useWatch("answer", form) ?? initialAnswer;

  useEffect(() => {
    if (!demand) return;
    setBanner(null);
    form.resetFields();
    form.setFieldsValue({
      answer: initialAnswer,
      offer: { amountWan: demand.amountWan, termMonths: demand.termMonths, annualRate: null, validUntil: dayjs(beijingToday()).add(30, "day"), note: "" },
      text: "",
    });
  }, [demand, initialAnswer, form]);

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldFor);
    setErrorsAt(form, FIELDS.map((f) => ({ name: f.split("."), errors: fields[f] ?? [] })));
    setBanner(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : Object.keys(fields).length === 0 ? title : null);
  };

  const submit = async () => {
    if (!demand) return;
    setBanner(null);
    const v = form.getFieldsValue(true) as AnswerValues;
    const n = (x: number | null | undefined) => (x === null ? undefined : x);
    const body =
      v.answer === "offer"
        ? {
            answer: "offer" as const,
            offer: {
              amountWan: n(v.offer?.amountWan),
              annualRate: n(v.offer?.annualRate),
              termMonths: n(v.offer?.termMonths),
              validUntil: v.offer?.validUntil ? beijingInstant(v.offer.validUntil.format("YYYY-MM-DD"), true) : "",
              note: v.offer?.note ?? "",
            },
          }
        : { answer: "decline" as const, reason: v.reason, text: v.text ?? "" };
    const parsed = ZDemandAnswerRequest.safeParse(body);
    const missingDate = v.answer === "offer" && !v.offer?.validUntil;
    if (!parsed.success || missingDate) {
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => i.path.join(".") !== "offer.validUntil");
      showIssues([...issues, ...(missingDate ? [{ path: ["offer", "validUntil"], message: "请选择报价有效期" }] : [])], "请检查以下内容");
      return;
    }
    setBusy(true);
    try {
      const updated = await answerLoanDemand(demand.id, parsed.data);
      message.success(v.answer === "offer" ? `已向${demand.enterpriseName}报价` : `已婉拒${demand.enterpriseName}的需求`);
      onAnswered(updated);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else if (err instanceof ApiError && STALE.includes(err.code)) {
        message.error(err.code === "VERSION_CONFLICT" ? "已被他人处理，请刷新" : errorMessage(err));
        onStale();
      } else setBanner(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={demand !== null}
      title={demand ? `答复融资需求：${demand.enterpriseName} · ${formatWan(demand.amountWan)}` : ""}
      okText={answer === "offer" ? "提交报价" : "婉拒"}
      cancelText="取消"
      okButtonProps={{ ...testId("loan-demand-answer-confirm"), danger: answer === "decline", loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
      width={580}
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="loan-demand-answer-error" />}
      <Form<AnswerValues> form={form} layout="vertical" disabled={busy} onValuesChange={() => setErrorsAt(form, FIELDS.map((f) => ({ name: f.split("."), errors: [] })))}>
        <Form.Item name="answer">
          <Radio.Group
            data-testid="loan-demand-answer-kind"
            optionType="button"
            options={[
              { value: "offer", label: "报价" },
              { value: "decline", label: "婉拒" },
            ]}
          />
        </Form.Item>
        {answer === "offer" ? (
          <>
            <Typography.Paragraph type="secondary">企业将看到各接单银行的报价并选择一家；选中后成为本行的贷款申请（已受理）。</Typography.Paragraph>
            <Space size="middle" align="start" wrap>
              <Form.Item label="额度" name={["offer", "amountWan"]} required>
                <InputNumber<number> data-testid="loan-offer-amount" min={0} precision={2} suffix="万元" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item label="年利率" name={["offer", "annualRate"]} required>
                <InputNumber<number> data-testid="loan-offer-rate" min={0} max={36} precision={2} step={0.05} suffix="%" style={{ width: 130 }} />
              </Form.Item>
              <Form.Item label="期限" name={["offer", "termMonths"]} required>
                <InputNumber<number> data-testid="loan-offer-term" min={1} precision={0} suffix="个月" style={{ width: 130 }} />
              </Form.Item>
            </Space>
            <Form.Item label="报价有效期至" name={["offer", "validUntil"]} required>
              <DatePicker data-testid="loan-offer-valid-until" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="说明（可选）" name={["offer", "note"]}>
              <Input.TextArea data-testid="loan-offer-note" maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：需提供近一年财务报表" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label="婉拒原因" name="reason" required>
              <Select<TLoanRejectionReason> data-testid="loan-decline-reason" placeholder="请选择婉拒原因" options={reasonOptions} virtual={false} />
            </Form.Item>
            <Form.Item label="补充说明" name="text" extra="企业可以看到">
              <Input.TextArea data-testid="loan-decline-text" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
