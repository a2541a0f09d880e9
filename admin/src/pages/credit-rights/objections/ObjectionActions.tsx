import { useState } from "react";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Typography, Upload } from "antd";
import type { Dayjs } from "dayjs";
import {
  ATTACHMENT_TYPES,
  OBJECTION_ACTION_LABELS,
  PENALTY_SEVERITIES,
  PENALTY_SEVERITY_LABELS,
  ZObjectionTransitionRequest,
  type TObjectionAction,
  type TObjectionCase,
  type TPenaltySeverity,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { transitionObjection } from "../../../api/credit-rights";
import { OBJECTION_ACTION_BUTTONS, OBJECTION_ACTION_HINTS, fileToUpload, formatBytes, isStaleCaseError, orderedActions } from "../../../lib/credit-rights";
import { mapIssuesToFields, setErrorsAt } from "../../../lib/formErrors";
import { testId } from "../../../lib/testId";

interface StepValues {
  reason?: string;
  department?: string;
  answerText?: string;
  /** correct: withdraw the record, or amend it. */
  correction?: "withdrawn" | "amended";
  amend?: { title?: string; severity?: TPenaltySeverity; decidedAt?: Dayjs | null; publishedAt?: Dayjs | null; validUntil?: Dayjs | null };
}

const FIELDS = ["reason", "department", "answerText", "answerAttachment", "amend", "amend.title", "amend.severity", "amend.decidedAt", "amend.publishedAt", "amend.validUntil"] as const;
type TField = (typeof FIELDS)[number];

/** Issue paths (`body.amend.title`, `answerAttachment.dataBase64`) to the field they belong under. */
function fieldFor(segments: string[]): TField | undefined {
  const two = segments.slice(0, 2).join(".");
  if ((FIELDS as readonly string[]).includes(two)) return two as TField;
  const one = segments[0];
  return (FIELDS as readonly string[]).includes(one ?? "") ? (one as TField) : undefined;
}

const ACCEPT = ATTACHMENT_TYPES.join(",");

/** The request for `action`: only the fields that step takes; dates as calendar dates. */
function requestFor(action: TObjectionAction, c: TObjectionCase, v: StepValues, answerFile: Awaited<ReturnType<typeof fileToUpload>> | null) {
  const base = { action, expectedVersion: c.version };
  const text = (s: string | undefined) => (s ?? "").trim();
  if (action === "accept") return base;
  if (action === "forward") return { ...base, department: text(v.department) };
  if (action === "answer") {
    return { ...base, ...(text(v.answerText) ? { answerText: text(v.answerText) } : {}), ...(answerFile ? { answerAttachment: answerFile } : {}) };
  }
  const decided = { ...base, reason: text(v.reason) };
  if (action !== "correct" || v.correction !== "amended") return decided;
  const a = v.amend ?? {};
  const day = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : undefined);
  const amend = {
    ...(text(a.title) && text(a.title) !== c.record.title ? { title: text(a.title) } : {}),
    ...(a.severity && a.severity !== c.record.severity ? { severity: a.severity } : {}),
    ...(day(a.decidedAt) && day(a.decidedAt) !== c.record.decidedAt.slice(0, 10) ? { decidedAt: day(a.decidedAt) } : {}),
    ...(day(a.publishedAt) && day(a.publishedAt) !== c.record.publishedAt?.slice(0, 10) ? { publishedAt: day(a.publishedAt) } : {}),
    ...(day(a.validUntil) && day(a.validUntil) !== c.record.validUntil?.slice(0, 10) ? { validUntil: day(a.validUntil) } : {}),
  };
  return { ...decided, amend };
}

/**
 * The next steps open on a case (the server says which): 受理, 转来源部门核查, 录入部门答复,
 * 异议成立 (withdraw or amend the record), 异议不成立, 不予受理 — each confirmed in a dialog.
 */
export function ObjectionActions({ c, onChanged, onStale }: { c: TObjectionCase; onChanged: (updated: TObjectionCase) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<StepValues>();
  const [pending, setPending] = useState<TObjectionAction | null>(null);
  const [answerFile, setAnswerFile] = useState<File | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const correction = Form.useWatch("correction", form);
  const actions = orderedActions(c.actions);

  if (actions.length === 0) return null;

  const clearAll = () => setErrorsAt(form, FIELDS.filter((f) => f !== "answerAttachment").map((f) => ({ name: f.split("."), errors: [] })));

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldFor);
    // The file and "amend as a whole" have no input of their own: their messages sit in the banner.
    const loose = [...unmatched, ...(fields.answerAttachment ?? []), ...(fields.amend ?? [])];
    setErrorsAt(
      form,
      FIELDS.filter((f) => f !== "answerAttachment" && f !== "amend").map((f) => ({ name: f.split("."), errors: fields[f] ?? [] })),
    );
    const placed = Object.keys(fields).some((k) => k !== "answerAttachment" && k !== "amend");
    setBanner(loose.length > 0 ? `${title}：${loose.join("；")}` : placed ? null : title);
  };

  const submit = async () => {
    if (!pending) return;
    setBanner(null);
    const values = form.getFieldsValue(true) as StepValues;
    let upload: Awaited<ReturnType<typeof fileToUpload>> | null = null;
    if (pending === "answer" && answerFile) upload = await fileToUpload(answerFile);
    const parsed = ZObjectionTransitionRequest.safeParse(requestFor(pending, c, values, upload));
    // What only the server would say otherwise: the step's required field, said before sending.
    const missing: { path: string[]; message: string }[] = [];
    const v = (s: string | undefined) => (s ?? "").trim();
    if ((pending === "correct" || pending === "uphold" || pending === "decline") && !v(values.reason)) missing.push({ path: ["reason"], message: "请说明理由，信用主体将看到该理由" });
    if (pending === "forward" && !v(values.department)) missing.push({ path: ["department"], message: "请填写要求核查的来源部门" });
    if (pending === "answer" && !v(values.answerText) && !upload) missing.push({ path: ["answerText"], message: "请填写部门答复或上传答复文件" });
    if (!parsed.success || missing.length > 0) {
      const keys = missing.map((m) => m.path.join("."));
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !keys.includes(i.path.join(".")));
      showIssues([...issues, ...missing], "请检查以下内容");
      return;
    }
    setBusy(true);
    try {
      const updated = await transitionObjection(c.id, parsed.data);
      message.success(`${OBJECTION_ACTION_LABELS[pending]}：${updated.statusLabel}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      if (isStaleCaseError(err)) {
        message.error(`${errorMessage(err)}：已刷新为最新状态`);
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

  const open = (action: TObjectionAction) => {
    form.resetFields();
    setAnswerFile(null);
    setBanner(null);
    setPending(action);
  };

  const deciding = pending === "correct" || pending === "uphold" || pending === "decline";
  const r = c.record;

  return (
    <>
      <Space wrap>
        {actions.map((action) => (
          <Button
            key={action}
            type={action === "uphold" || action === "decline" ? "default" : "primary"}
            danger={action === "decline"}
            data-testid={`objection-action-${action}`}
            onClick={() => open(action)}
          >
            {OBJECTION_ACTION_BUTTONS[action]}
          </Button>
        ))}
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? `${OBJECTION_ACTION_LABELS[pending]}：${c.subject.name} · ${r.title}` : ""}
        okText={pending ? OBJECTION_ACTION_BUTTONS[pending] : "确定"}
        cancelText="取消"
        okButtonProps={{ ...testId("objection-action-confirm"), danger: pending === "decline", loading: busy }}
        cancelButtonProps={{ disabled: busy }}
        onOk={() => void submit()}
        onCancel={() => setPending(null)}
        forceRender
        width={600}
      >
        {pending && <Typography.Paragraph type="secondary">{OBJECTION_ACTION_HINTS[pending]}</Typography.Paragraph>}
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="objection-action-error" />}
        <Form<StepValues>
          form={form}
          layout="vertical"
          disabled={busy}
          initialValues={{
            correction: "withdrawn",
            amend: { title: r.title, severity: r.severity },
          }}
          onValuesChange={clearAll}
        >
          {pending === "forward" && (
            <Form.Item label="来源部门" name="department" required extra={`记录来源：${r.sourceDept}`}>
              <Input data-testid="objection-forward-department" maxLength={60} placeholder={r.sourceDept} />
            </Form.Item>
          )}
          {pending === "answer" && (
            <>
              <Form.Item label="部门答复" name="answerText" extra="可直接录入答复内容，或上传答复函，至少一项">
                <Input.TextArea data-testid="objection-answer-text" maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="如：经核查，该处罚决定已于……撤销" />
              </Form.Item>
              <Form.Item label="答复函（可选）" extra="PDF、JPG 或 PNG，不超过 5MB">
                <Upload
                  accept={ACCEPT}
                  maxCount={1}
                  beforeUpload={(file) => {
                    setAnswerFile(file);
                    setBanner(null);
                    return false;
                  }}
                  onRemove={() => setAnswerFile(null)}
                  fileList={answerFile ? [{ uid: "answer", name: `${answerFile.name}（${formatBytes(answerFile.size)}）`, status: "done" }] : []}
                >
                  <Button data-testid="objection-answer-file">选择文件</Button>
                </Upload>
              </Form.Item>
            </>
          )}
          {pending === "correct" && (
            <Form.Item label="更正方式" name="correction">
              <Radio.Group data-testid="objection-correct-mode">
                <Radio value="withdrawn">撤销该记录</Radio>
                <Radio value="amended">更正记录内容</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {pending === "correct" && correction === "amended" && (
            <div data-testid="objection-amend">
              <Form.Item label="事由" name={["amend", "title"]}>
                <Input data-testid="objection-amend-title" maxLength={200} />
              </Form.Item>
              <Space size="middle" align="start" wrap>
                {r.kind === "penalty" && (
                  <Form.Item label="严重程度" name={["amend", "severity"]}>
                    <Select<TPenaltySeverity>
                      data-testid="objection-amend-severity"
                      style={{ width: 120 }}
                      options={PENALTY_SEVERITIES.map((s) => ({ value: s, label: PENALTY_SEVERITY_LABELS[s] }))}
                      virtual={false}
                    />
                  </Form.Item>
                )}
                <Form.Item label="决定日期" name={["amend", "decidedAt"]} extra={`现为 ${r.decidedAt.slice(0, 10)}`}>
                  <DatePicker data-testid="objection-amend-decided" style={{ width: 150 }} />
                </Form.Item>
                <Form.Item label="公示日期" name={["amend", "publishedAt"]} extra={r.publishedAt ? `现为 ${r.publishedAt.slice(0, 10)}` : "未填写"}>
                  <DatePicker data-testid="objection-amend-published" style={{ width: 150 }} />
                </Form.Item>
                <Form.Item label="公示截止" name={["amend", "validUntil"]} extra={r.validUntil ? `现为 ${r.validUntil.slice(0, 10)}` : "未填写"}>
                  <DatePicker data-testid="objection-amend-valid-until" style={{ width: 150 }} />
                </Form.Item>
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                只修改需要更正的项；未改动的项保持原样。
              </Typography.Paragraph>
            </div>
          )}
          {deciding && (
            <Form.Item label="理由" name="reason" required extra="信用主体将在小程序中看到该理由">
              <Input.TextArea
                data-testid="objection-action-reason"
                maxLength={500}
                showCount
                autoSize={{ minRows: 3, maxRows: 6 }}
                placeholder={pending === "correct" ? "如：经来源部门核实，该处罚决定已被撤销" : "如：经核查，处罚决定书与记录一致"}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
