import { useState } from "react";
import { App, Button, Space, Typography } from "antd";
import { SCENARIO_ACTION_LABELS, type TScenarioAction, type TScenarioTransitionRequest } from "@xinyi/shared";
import { handleDecisionError } from "../lib/decisionErrors";
import { ConfirmReasonModal } from "./ConfirmReasonModal";

const DANGER: readonly TScenarioAction[] = ["reject", "end"];
const PRIMARY: readonly TScenarioAction[] = ["publish", "approve", "submit"];

/**
 * The review workflow's buttons (submit, approve, reject, publish, pause, resume, end) for
 * anything that follows it — scenarios, loan products: each asks for confirmation (and a reason,
 * to reject) and always sends the version on screen.
 */
export function LifecycleActions<T>({
  item,
  actions,
  hints,
  send,
  describe,
  staleCodes,
  onChanged,
  onStale,
  testIdPrefix,
  rejectPlaceholder,
  size = "small",
}: {
  item: { id: string; version: number; title: string };
  /** The actions that make sense for the signed-in user now (the server decides; this hides nonsense). */
  actions: readonly TScenarioAction[];
  hints: Record<TScenarioAction, string>;
  send: (body: TScenarioTransitionRequest) => Promise<T>;
  /** The name of the updated item, for the success message. */
  describe: (updated: T) => string;
  /** Codes meaning "what you see is out of date": the dialog closes and `onStale` reloads. */
  staleCodes: readonly string[];
  onChanged: (updated: T) => void;
  onStale: () => void;
  /** Test ids: `<prefix>-action-<action>-<id>`, `<prefix>-action-confirm`, `<prefix>-action-reason`. */
  testIdPrefix: string;
  rejectPlaceholder: string;
  size?: "small" | "middle";
}) {
  const { message } = App.useApp();
  const [pending, setPending] = useState<TScenarioAction | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (actions.length === 0) return null;

  const open = (action: TScenarioAction) => {
    setPending(action);
    setReason("");
    setReasonError(null);
  };

  const confirm = async () => {
    if (!pending) return;
    const trimmed = reason.trim();
    if (pending === "reject" && trimmed.length === 0) {
      setReasonError("请填写驳回原因");
      return;
    }
    setBusy(true);
    try {
      const updated = await send({ action: pending, expectedVersion: item.version, ...(trimmed ? { reason: trimmed } : {}) });
      message.success(`${SCENARIO_ACTION_LABELS[pending]}：${describe(updated)}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      handleDecisionError(err, {
        staleCodes,
        setReasonError,
        showError: (text) => message.error(text),
        onStale: () => {
          setPending(null);
          onStale();
        },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space size={4} wrap>
        {actions.map((action) => (
          <Button
            key={action}
            size={size}
            type={PRIMARY.includes(action) ? "primary" : "default"}
            danger={DANGER.includes(action)}
            data-testid={`${testIdPrefix}-action-${action}-${item.id}`}
            onClick={() => open(action)}
            disabled={busy}
          >
            {SCENARIO_ACTION_LABELS[action]}
          </Button>
        ))}
      </Space>
      <ConfirmReasonModal
        open={pending !== null}
        title={pending ? `${SCENARIO_ACTION_LABELS[pending]}：${item.title}` : ""}
        okText={pending ? SCENARIO_ACTION_LABELS[pending] : "确定"}
        okTestId={`${testIdPrefix}-action-confirm`}
        danger={pending !== null && DANGER.includes(pending)}
        busy={busy}
        onOk={() => void confirm()}
        onCancel={() => setPending(null)}
        reason={
          pending === "reject"
            ? {
                value: reason,
                error: reasonError,
                onChange: (value) => {
                  setReason(value);
                  setReasonError(null);
                },
                testId: `${testIdPrefix}-action-reason`,
                placeholder: rejectPlaceholder,
              }
            : undefined
        }
      >
        {pending && <Typography.Paragraph>{hints[pending]}</Typography.Paragraph>}
      </ConfirmReasonModal>
    </>
  );
}
