import { useEffect, useState } from "react";
import { Alert, App, Descriptions, Form, Input, Modal, Select } from "antd";
import { RECORD_STATUSES, ZRecordStatusChangeRequest, type TCreditRecord, type TRecordStatus } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { changeRecordStatus } from "../api/credit";
import { recordKindLabel, recordStatusLabel } from "../lib/credit";
import { mapIssuesToFields } from "../lib/formErrors";
import { testId } from "../lib/testId";

interface StatusFormValues {
  status?: TRecordStatus;
  reason?: string;
}
const FIELDS = ["status", "reason"] as const;
type TField = (typeof FIELDS)[number];

/** Why each status change happens, as a hint under the select. */
const STATUS_HINTS: Record<TRecordStatus, string> = {
  active: "记录有效，计入评分",
  frozen: "信用主体提出异议，核查期间暂不计入评分和联合惩戒",
  repaired: "已完成信用修复，不再计入评分",
  expired: "公示期已满，不再计入评分",
  revoked: "决定已被撤销或更正，不再计入评分",
};

/**
 * 变更状态: sends the version the operator saw; if someone else changed the record meanwhile
 * (409 VERSION_CONFLICT) the parent reloads, `record` becomes the fresh one, and the
 * operator confirms again without losing the reason typed.
 */
export function RecordStatusModal({
  record,
  open,
  onClose,
  onChanged,
  onConflict,
}: {
  record: TCreditRecord | undefined;
  open: boolean;
  onClose: () => void;
  onChanged: (record: TCreditRecord) => void;
  onConflict: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<StatusFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [banner, setBanner] = useState<{ type: "error" | "warning"; text: string; hint?: string } | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setBanner(null);
    }
  }, [open, form]);

  const status = Form.useWatch("status", form);

  const onSubmit = async () => {
    if (!record) return;
    const values = form.getFieldsValue();
    const parsed = ZRecordStatusChangeRequest.safeParse({
      status: values.status,
      reason: values.reason ?? "",
      expectedVersion: record.version,
    });
    const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[]) => {
      const { fields, unmatched } = mapIssuesToFields<TField>(issues, ([first]) =>
        (FIELDS as readonly string[]).includes(first ?? "") ? (first as TField) : undefined,
      );
      form.setFields(FIELDS.map((name) => ({ name, errors: fields[name] ?? [] })));
      setBanner(unmatched.length > 0 ? { type: "error", text: unmatched.join("；") } : null);
    };
    if (!parsed.success) {
      showIssues(parsed.error.issues);
      return;
    }
    if (parsed.data.status === record.status) {
      form.setFields([{ name: "status", errors: ["请选择与当前不同的状态"] }]);
      return;
    }
    setSubmitting(true);
    setBanner(null);
    try {
      const updated = await changeRecordStatus(record.id, parsed.data);
      message.success(`记录状态已变更为“${recordStatusLabel(updated.status)}”`);
      onChanged(updated);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VERSION_CONFLICT") {
        setBanner({ type: "warning", text: err.message, hint: "已自动加载最新数据，请核对上方的当前状态后再提交。" });
        await onConflict();
      } else if (err instanceof ApiError && err.issues.length > 0) {
        showIssues(err.issues);
      } else {
        setBanner({ type: "error", text: errorMessage(err) });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const options = RECORD_STATUSES.map((s) => ({
    value: s,
    label: recordStatusLabel(s),
    disabled: s === record?.status,
  }));

  return (
    <Modal
      title="变更记录状态"
      open={open}
      onCancel={onClose}
      onOk={() => void onSubmit()}
      okText="确认变更"
      cancelText="取消"
      confirmLoading={submitting}
      okButtonProps={testId("record-status-submit")}
      // Keep the form mounted so the form instance stays connected; it is reset on every open.
      forceRender
    >
      <div data-testid="record-status-modal">
        {record && (
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: "title", label: "记录", children: `${recordKindLabel(record.kind)} · ${record.title}` },
              { key: "docNo", label: "文书号", children: record.docNo },
              {
                key: "status",
                label: "当前状态",
                children: <span data-testid="record-status-current">{`${recordStatusLabel(record.status)}（版本 ${record.version}）`}</span>,
              },
            ]}
          />
        )}
        {banner && (
          <Alert
            type={banner.type}
            showIcon
            title={<span data-testid="record-status-error">{banner.text}</span>}
            description={banner.hint}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<StatusFormValues>
          form={form}
          layout="vertical"
          disabled={submitting}
          onValuesChange={(changed: Partial<StatusFormValues>) =>
            form.setFields(FIELDS.filter((name) => name in changed).map((name) => ({ name, errors: [] })))
          }
        >
          <Form.Item label="新状态" name="status" required extra={status ? STATUS_HINTS[status] : undefined}>
            <Select<TRecordStatus> data-testid="record-status-select" placeholder="请选择新状态" options={options} virtual={false} />
          </Form.Item>
          <Form.Item label="变更原因" name="reason" required>
            <Input.TextArea
              data-testid="record-status-reason"
              placeholder="如：信用主体提出异议，来源部门核查中（异议受理号 …）"
              autoSize={{ minRows: 3, maxRows: 6 }}
              maxLength={500}
              showCount
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
