import { useState } from "react";
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  LOAN_APPLICATION_ACTION_LABELS,
  LOAN_REJECTION_REASONS,
  LOAN_REJECTION_REASON_LABELS,
  ZLoanApplicationTransitionRequest,
  type TLoanApplication,
  type TLoanApplicationAction,
  type TLoanRejectionReason,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { transitionLoanApplication } from "../../../api/loans";
import { mapIssuesToFields, setErrorsAt } from "../../../lib/formErrors";
import { applicationActionsFor, beijingInstant, beijingToday, formatWan, isStaleApplicationError } from "../../../lib/loans";
import { testId } from "../../../lib/testId";

interface DecisionValues {
  approved?: { amountWan?: number | null; annualRate?: number | null; termMonths?: number | null; offerValidUntil?: Dayjs | null };
  rejection?: { reason?: TLoanRejectionReason; text?: string };
  disbursed?: { amountWan?: number | null; date?: Dayjs | null };
  note?: string;
}

/** Fields an issue may land on, as dotted paths of the request (and of the form). */
const FIELDS = [
  "approved.amountWan",
  "approved.annualRate",
  "approved.termMonths",
  "approved.offerValidUntil",
  "rejection.reason",
  "rejection.text",
  "disbursed.amountWan",
  "disbursed.date",
  "note",
] as const;
type TField = (typeof FIELDS)[number];

/** "approved" alone (the whole block missing) lands on its first field. */
function fieldFor(segments: string[]): TField | undefined {
  const key = segments.slice(0, 2).join(".");
  if ((FIELDS as readonly string[]).includes(key)) return key as TField;
  if (segments.length === 1) return FIELDS.find((f) => f.startsWith(`${segments[0]}.`)) ?? (segments[0] === "note" ? "note" : undefined);
  return undefined;
}

const HINTS: Record<TLoanApplicationAction, string> = {
  accept: "受理即首次响应：申请人将看到“已受理”和办理人。请尽快联系申请人核实情况。",
  approve: "授信后申请人将看到授信金额、利率、期限和有效期。",
  reject: "申请人将看到所选原因和补充说明，请如实、礼貌地说明。",
  disburse: "放款金额可少于授信金额，不能超过。首次在平台获得放款的主体将标记为首贷。",
  close: "贷款已还清，结清后申请办结。",
  withdraw: "",
};

const reasonOptions = LOAN_REJECTION_REASONS.map((r) => ({ value: r, label: LOAN_REJECTION_REASON_LABELS[r] }));

function initialValues(app: TLoanApplication): DecisionValues {
  const today = dayjs(beijingToday());
  return {
    approved: {
      amountWan: app.amountWan,
      annualRate: app.indicativeTerms?.minRate ?? null,
      termMonths: app.termMonths,
      offerValidUntil: today.add(30, "day"),
    },
    disbursed: { amountWan: app.approved?.amountWan ?? null, date: today },
    rejection: { text: "" },
    note: "",
  };
}

/** The request for `action` from the form; dates are Beijing calendar dates. */
function requestFor(action: TLoanApplicationAction, app: TLoanApplication, v: DecisionValues) {
  const n = (x: number | null | undefined) => (x === null ? undefined : x);
  const day = (d: Dayjs | null | undefined, end: boolean) => (d ? beijingInstant(d.format("YYYY-MM-DD"), end) : "");
  const note = v.note?.trim() ? { note: v.note.trim() } : {};
  const base = { action, expectedVersion: app.version, ...note };
  if (action === "approve") {
    const a = v.approved ?? {};
    return { ...base, approved: { amountWan: n(a.amountWan), annualRate: n(a.annualRate), termMonths: n(a.termMonths), offerValidUntil: day(a.offerValidUntil, true) } };
  }
  if (action === "reject") return { ...base, rejection: { reason: v.rejection?.reason, text: v.rejection?.text ?? "" } };
  if (action === "disburse") return { ...base, disbursed: { amountWan: n(v.disbursed?.amountWan), date: day(v.disbursed?.date, false) } };
  return base;
}

/** 受理 / 授信 / 拒绝 / 放款 / 结清: the bank's next steps on an application, each a form in a dialog. */
export function DecisionForms({ app, onChanged, onStale }: { app: TLoanApplication; onChanged: (updated: TLoanApplication) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [pending, setPending] = useState<TLoanApplicationAction | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = applicationActionsFor(app.status);

  if (actions.length === 0) return null;

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldFor);
    setErrorsAt(form, FIELDS.map((f) => ({ name: f.split("."), errors: fields[f] ?? [] })));
    setBanner(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : Object.keys(fields).length === 0 ? title : null);
  };

  const submit = async () => {
    if (!pending) return;
    setBanner(null);
    const values = form.getFieldsValue(true) as DecisionValues;
    const parsed = ZLoanApplicationTransitionRequest.safeParse(requestFor(pending, app, values));
    // An empty date would read as "not an ISO timestamp": say what is missing instead.
    const missing = [
      ...(pending === "approve" && !values.approved?.offerValidUntil ? [{ path: ["approved", "offerValidUntil"], message: "请选择授信有效期" }] : []),
      ...(pending === "disburse" && !values.disbursed?.date ? [{ path: ["disbursed", "date"], message: "请选择放款日期" }] : []),
    ];
    if (!parsed.success || missing.length > 0) {
      const missingKeys = missing.map((m) => m.path.join("."));
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !missingKeys.includes(i.path.join(".")));
      showIssues([...issues, ...missing], "请检查以下内容");
      return;
    }
    setBusy(true);
    try {
      const updated = await transitionLoanApplication(app.id, parsed.data);
      message.success(`${LOAN_APPLICATION_ACTION_LABELS[pending]}：${updated.applicantName}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      if (isStaleApplicationError(err)) {
        message.error("已被他人处理，请刷新");
        setPending(null);
        onStale();
      } else if (err instanceof ApiError && err.issues.length > 0) {
        showIssues(err.issues, err.message);
      } else {
        setBanner(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const open = (action: TLoanApplicationAction) => {
    form.resetFields();
    setBanner(null);
    setPending(action);
  };

  return (
    <>
      <Space wrap>
        {actions.map((action) => (
          <Button
            key={action}
            type={action === "reject" ? "default" : "primary"}
            danger={action === "reject"}
            data-testid={`loan-decision-${action}`}
            onClick={() => open(action)}
          >
            {LOAN_APPLICATION_ACTION_LABELS[action]}
          </Button>
        ))}
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? `${LOAN_APPLICATION_ACTION_LABELS[pending]}：${app.applicantName} · ${app.productName}` : ""}
        okText={pending ? LOAN_APPLICATION_ACTION_LABELS[pending] : "确定"}
        cancelText="取消"
        okButtonProps={{ ...testId("loan-decision-confirm"), danger: pending === "reject", loading: busy }}
        cancelButtonProps={{ disabled: busy }}
        onOk={() => void submit()}
        onCancel={() => setPending(null)}
        forceRender
        width={560}
      >
        {pending && <Typography.Paragraph type="secondary">{HINTS[pending]}</Typography.Paragraph>}
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="loan-decision-error" />}
        <Form<DecisionValues>
          form={form}
          layout="vertical"
          initialValues={initialValues(app)}
          disabled={busy}
          onValuesChange={() => setErrorsAt(form, FIELDS.map((f) => ({ name: f.split("."), errors: [] })))}
        >
          {pending === "approve" && (
            <>
              <Space size="middle" align="start" wrap>
                <Form.Item label="授信金额" name={["approved", "amountWan"]} required extra={`申请 ${formatWan(app.amountWan)}`}>
                  <InputNumber<number> data-testid="loan-approve-amount" min={0} precision={2} suffix="万元" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item
                  label="年利率"
                  name={["approved", "annualRate"]}
                  required
                  extra={app.indicativeTerms ? `参考 ${app.indicativeTerms.minRate.toFixed(2)}%–${app.indicativeTerms.maxRate.toFixed(2)}%` : undefined}
                >
                  <InputNumber<number> data-testid="loan-approve-rate" min={0} max={36} precision={2} step={0.05} suffix="%" style={{ width: 130 }} />
                </Form.Item>
                <Form.Item label="期限" name={["approved", "termMonths"]} required>
                  <InputNumber<number> data-testid="loan-approve-term" min={1} precision={0} suffix="个月" style={{ width: 130 }} />
                </Form.Item>
              </Space>
              <Form.Item label="授信有效期至" name={["approved", "offerValidUntil"]} required extra="申请人须在此日期（北京时间）前办理放款手续">
                <DatePicker data-testid="loan-approve-valid-until" style={{ width: 200 }} />
              </Form.Item>
            </>
          )}
          {pending === "reject" && (
            <>
              <Form.Item label="拒绝原因" name={["rejection", "reason"]} required>
                <Select<TLoanRejectionReason> data-testid="loan-reject-reason" placeholder="请选择拒绝原因" options={reasonOptions} virtual={false} />
              </Form.Item>
              <Form.Item label="补充说明" name={["rejection", "text"]} extra="申请人可以看到">
                <Input.TextArea data-testid="loan-reject-text" maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder="如：近6个月纳税额不足，建议半年后再申请" />
              </Form.Item>
            </>
          )}
          {pending === "disburse" && (
            <Space size="middle" align="start" wrap>
              <Form.Item label="放款金额" name={["disbursed", "amountWan"]} required extra={app.approved ? `授信 ${formatWan(app.approved.amountWan)}` : undefined}>
                <InputNumber<number> data-testid="loan-disburse-amount" min={0} precision={2} suffix="万元" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item label="放款日期" name={["disbursed", "date"]} required>
                <DatePicker data-testid="loan-disburse-date" style={{ width: 180 }} />
              </Form.Item>
            </Space>
          )}
          {pending !== "reject" && (
            <Form.Item label="备注（可选）" name="note" extra="记入办理记录">
              <Input.TextArea data-testid="loan-decision-note" maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
