import { useState } from "react";
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from "antd";
import { REPAIR_ACTION_LABELS, ZRepairTransitionRequest, type TRepair } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { transitionRepair } from "../../../api/credit-rights";
import { isStaleCaseError } from "../../../lib/credit-rights";
import { testId } from "../../../lib/testId";

type TDecision = "grant" | "reject";

const HINTS: Record<TDecision, string> = {
  grant: "准予修复后，该记录即不再公示、不再计入信用评价，信用主体的评分和等级随即重算，持有其授权的合作机构和银行将收到修复通知。",
  reject: "不予修复时请说明原因和可以补正的材料，信用主体可在补正后重新申请。",
};
const PLACEHOLDERS: Record<TDecision, string> = {
  grant: "如：已缴清罚款，整改到位，承诺书已签署",
  reject: "如：缴款凭证金额与处罚决定不符，请补充完整的缴款证明",
};

/** 准予修复 / 不予修复 with the reason the subject reads. */
export function RepairDecision({ repair, onChanged, onStale }: { repair: TRepair; onChanged: (updated: TRepair) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [pending, setPending] = useState<TDecision | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (repair.status !== "submitted") return null;

  const open = (action: TDecision) => {
    setReason("");
    setReasonError(null);
    setBanner(null);
    setPending(action);
  };

  const submit = async () => {
    if (!pending) return;
    setBanner(null);
    const parsed = ZRepairTransitionRequest.safeParse({ action: pending, expectedVersion: repair.version, reason });
    if (!parsed.success) {
      const onReason = parsed.error.issues.find((i) => i.path[0] === "reason");
      if (onReason) setReasonError(onReason.message);
      else setBanner(parsed.error.issues.map((i) => i.message).join("；"));
      return;
    }
    setBusy(true);
    try {
      const updated = await transitionRepair(repair.id, parsed.data);
      message.success(`${REPAIR_ACTION_LABELS[pending]}：${updated.subject.name} · ${updated.record.title}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      const reasonIssue = err instanceof ApiError ? err.issues.find((i) => i.path.endsWith("reason")) : undefined;
      if (reasonIssue) setReasonError(reasonIssue.message);
      else if (isStaleCaseError(err)) {
        message.error(`${errorMessage(err)}：已刷新为最新状态`);
        setPending(null);
        onStale();
      } else setBanner(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap>
        <Button type="primary" data-testid="repair-action-grant" onClick={() => open("grant")}>
          准予修复
        </Button>
        <Button danger data-testid="repair-action-reject" onClick={() => open("reject")}>
          不予修复
        </Button>
      </Space>
      <Modal
        open={pending !== null}
        title={pending ? `${REPAIR_ACTION_LABELS[pending]}：${repair.subject.name} · ${repair.record.title}` : ""}
        okText={pending ? REPAIR_ACTION_LABELS[pending] : "确定"}
        cancelText="取消"
        okButtonProps={{ ...testId("repair-action-confirm"), danger: pending === "reject", loading: busy }}
        cancelButtonProps={{ disabled: busy }}
        onOk={() => void submit()}
        onCancel={() => setPending(null)}
        width={560}
      >
        {pending && <Typography.Paragraph type="secondary">{HINTS[pending]}</Typography.Paragraph>}
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="repair-action-error" />}
        <Form layout="vertical" disabled={busy}>
          <Form.Item label="审核意见" required validateStatus={reasonError ? "error" : undefined} help={reasonError ?? "信用主体将在小程序中看到该意见"}>
            <Input.TextArea
              data-testid="repair-action-reason"
              value={reason}
              maxLength={500}
              showCount
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder={pending ? PLACEHOLDERS[pending] : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(null);
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
