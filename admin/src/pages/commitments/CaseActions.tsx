import { useState } from "react";
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  VERIFICATION_METHODS,
  VERIFICATION_METHOD_LABELS,
  VERIFICATION_RESULT_LABELS,
  ZCommitmentTransitionRequest,
  type TCommitmentAction,
  type TCommitmentCase,
  type TVerificationMethod,
  type TVerificationResult,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { transitionCommitmentCase } from "../../api/commitments";
import { mapIssuesToFields, setErrorsAt } from "../../lib/formErrors";
import { beijingToday, formatBeijing } from "../../lib/loans";
import { testId } from "../../lib/testId";
import { CASE_ACTION_LABELS, caseActionsFor, isStaleCaseError } from "./commitmentView";

interface ActionValues {
  method?: TVerificationMethod;
  date?: Dayjs | null;
  result?: TVerificationResult;
  items?: string[];
  note?: string;
}

const FIELDS = ["method", "date", "result", "items", "note"] as const;
type TField = (typeof FIELDS)[number];
const fieldFor = (segments: string[]): TField | undefined => ((FIELDS as readonly string[]).includes(segments[0] ?? "") ? (segments[0] as TField) : undefined);

const HINTS: Record<TCommitmentAction, (c: TCommitmentCase) => string> = {
  verify: (c) =>
    c.type === "tolerate_missing"
      ? "容缺受理在材料全部补齐后自动办结；核查发现申请人违背承诺的，在此登记违诺，将自动记入“违背信用承诺”信用记录。"
      : "核查守诺即办结；核查违诺将终止办理，并自动记入“违背信用承诺”信用记录，申请人可以看到说明。",
  supply: () => "勾选本次已补齐的材料。全部补齐后案件办结（守诺）。",
  terminate: () => "终止办理不记入失信记录（如申请人撤回申请、因其他原因不予许可）。申请人将看到终止原因。",
};

/** 登记核查 / 登记补齐材料 / 终止办理: the department's steps on a case, each a form in a dialog. */
export function CaseActions({ c, onChanged, onStale }: { c: TCommitmentCase; onChanged: (updated: TCommitmentCase) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [pending, setPending] = useState<TCommitmentAction | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = Form.useWatch("result", form);
  const actions = caseActionsFor(c);
  const outstanding = c.missingItems.filter((i) => !i.supplied).map((i) => i.name);
  const signedOn = c.signature ? formatBeijing(c.signature.signedAt, false) : beijingToday();

  if (actions.length === 0) return null;

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldFor);
    setErrorsAt(form, FIELDS.map((f) => ({ name: [f], errors: fields[f] ?? [] })));
    setBanner(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : null);
  };

  const requestFor = (action: TCommitmentAction, v: ActionValues) => {
    const note = v.note?.trim() ? { note: v.note.trim() } : {};
    const base = { action, expectedVersion: c.version, ...note };
    if (action === "verify") return { ...base, method: v.method, date: v.date ? v.date.format("YYYY-MM-DD") : undefined, result: v.result };
    if (action === "supply") return { ...base, items: v.items ?? [] };
    return base;
  };

  const submit = async () => {
    if (!pending) return;
    setBanner(null);
    const parsed = ZCommitmentTransitionRequest.safeParse(requestFor(pending, form.getFieldsValue(true) as ActionValues));
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查以下内容");
      return;
    }
    setBusy(true);
    try {
      const updated = await transitionCommitmentCase(c.id, parsed.data);
      message.success(`${CASE_ACTION_LABELS[pending]}：${updated.statusLabel}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else if (isStaleCaseError(err)) {
        // Signed, supplied or ended elsewhere meanwhile: show what is true now.
        message.error(err instanceof ApiError && err.code === "VERSION_CONFLICT" ? "案件已被更新（申请人签署或他人办理），已刷新，请重新确认" : errorMessage(err));
        setPending(null);
        onStale();
      } else setBanner(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const open = (action: TCommitmentAction) => {
    form.resetFields();
    form.setFieldsValue({
      method: undefined,
      date: dayjs(beijingToday()),
      result: c.type === "tolerate_missing" ? "broken" : undefined,
      items: outstanding,
      note: "",
    });
    setBanner(null);
    setPending(action);
  };

  return (
    <>
      <Space wrap>
        {actions.map((action) => (
          <Button
            key={action}
            type={action === "terminate" ? "default" : "primary"}
            danger={action === "terminate"}
            ghost={action === "verify" && c.type === "tolerate_missing"}
            data-testid={`commitment-action-${action}`}
            onClick={() => open(action)}
          >
            {CASE_ACTION_LABELS[action]}
          </Button>
        ))}
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? `${CASE_ACTION_LABELS[pending]}：${c.matter}` : ""}
        okText={pending === "verify" && result === "broken" ? "确认违诺" : pending ? CASE_ACTION_LABELS[pending].replace("登记", "确认") : "确定"}
        cancelText="取消"
        okButtonProps={{ ...testId("commitment-action-confirm"), danger: pending === "terminate" || (pending === "verify" && result === "broken"), loading: busy }}
        cancelButtonProps={{ disabled: busy }}
        onOk={() => void submit()}
        onCancel={() => setPending(null)}
        forceRender
        width={560}
      >
        {pending && <Typography.Paragraph type="secondary">{HINTS[pending](c)}</Typography.Paragraph>}
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="commitment-action-error" />}
        <Form<ActionValues> form={form} layout="vertical" disabled={busy} onValuesChange={() => setErrorsAt(form, FIELDS.map((f) => ({ name: [f], errors: [] })))}>
          {pending === "verify" && (
            <>
              <Space size="middle" align="start" wrap>
                <Form.Item label="核查方式" name="method" required>
                  <Select<TVerificationMethod>
                    data-testid="commitment-verify-method"
                    placeholder="请选择"
                    style={{ width: 180 }}
                    options={VERIFICATION_METHODS.map((m) => ({ value: m, label: VERIFICATION_METHOD_LABELS[m] }))}
                    virtual={false}
                  />
                </Form.Item>
                <Form.Item label="核查日期" name="date" required extra={`签署承诺之日（${signedOn}）至今天`}>
                  <DatePicker
                    data-testid="commitment-verify-date"
                    style={{ width: 180 }}
                    disabledDate={(d) => d.isAfter(dayjs(beijingToday()), "day") || d.isBefore(dayjs(signedOn), "day")}
                  />
                </Form.Item>
              </Space>
              <Form.Item label="核查结果" name="result" required>
                <Radio.Group data-testid="commitment-verify-result">
                  {c.type !== "tolerate_missing" && (
                    <Radio value="kept" data-testid="commitment-verify-result-kept">
                      {VERIFICATION_RESULT_LABELS.kept}（承诺属实）
                    </Radio>
                  )}
                  <Radio value="broken" data-testid="commitment-verify-result-broken">
                    {VERIFICATION_RESULT_LABELS.broken}（承诺不实或未履行）
                  </Radio>
                </Radio.Group>
              </Form.Item>
            </>
          )}
          {pending === "supply" && (
            <Form.Item label="本次补齐的材料" name="items" required>
              <Checkbox.Group data-testid="commitment-supply-items">
                <Space orientation="vertical">
                  {outstanding.map((name) => (
                    <Checkbox key={name} value={name} data-testid={`commitment-supply-item-${name}`}>
                      {name}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            </Form.Item>
          )}
          <Form.Item
            label={pending === "terminate" ? "终止原因" : pending === "verify" && result === "broken" ? "违诺事实" : "说明（可选）"}
            name="note"
            required={pending === "terminate" || (pending === "verify" && result === "broken")}
            extra={pending === "supply" ? "记入办理记录" : "申请人可以看到"}
          >
            <Input.TextArea
              data-testid="commitment-action-note"
              maxLength={500}
              showCount
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder={pending === "terminate" ? "如：申请人撤回申请" : pending === "verify" ? "如：经现场核查，经营场所与承诺一致" : ""}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
