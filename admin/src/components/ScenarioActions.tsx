import { useState } from "react";
import { App, Button, Space, Typography } from "antd";
import { SCENARIO_ACTION_LABELS, type TScenario, type TScenarioAction } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { transitionScenario } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { SCENARIO_ACTION_HINTS, scenarioActionsFor } from "../lib/scenarios";
import { ConfirmReasonModal } from "./ConfirmReasonModal";

/** Codes meaning "what you see is out of date": say so and reload. */
export function isStaleScenarioError(err: unknown): boolean {
  return err instanceof ApiError && (err.code === "VERSION_CONFLICT" || err.code === "SCENARIO_TRANSITION_INVALID");
}

const DANGER: readonly TScenarioAction[] = ["reject", "end"];

/**
 * The lifecycle buttons that make sense for the signed-in user on `scenario`, each asking
 * for confirmation (and a reason, to reject) and always sending the version on screen.
 */
export function ScenarioActions({
  scenario,
  onChanged,
  onStale,
  size = "small",
}: {
  scenario: TScenario;
  /** The scenario after a successful transition. */
  onChanged: (updated: TScenario) => void;
  /** Someone else changed it first: reload what is shown. */
  onStale: () => void;
  size?: "small" | "middle";
}) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [pending, setPending] = useState<TScenarioAction | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!user) return null;
  const actions = scenarioActionsFor(user, scenario);
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
      const updated = await transitionScenario(scenario.id, {
        action: pending,
        expectedVersion: scenario.version,
        ...(trimmed ? { reason: trimmed } : {}),
      });
      message.success(`${SCENARIO_ACTION_LABELS[pending]}：${updated.title}`);
      setPending(null);
      onChanged(updated);
    } catch (err) {
      if (isStaleScenarioError(err)) {
        message.error(errorMessage(err));
        setPending(null);
        onStale();
      } else if (err instanceof ApiError && err.issues.some((i) => i.path.endsWith("reason"))) {
        setReasonError(err.issues.find((i) => i.path.endsWith("reason"))?.message ?? err.message);
      } else {
        message.error(errorMessage(err));
      }
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
            type={action === "publish" || action === "approve" || action === "submit" ? "primary" : "default"}
            danger={DANGER.includes(action)}
            data-testid={`scenario-action-${action}-${scenario.id}`}
            onClick={() => open(action)}
            disabled={busy}
          >
            {SCENARIO_ACTION_LABELS[action]}
          </Button>
        ))}
      </Space>
      <ConfirmReasonModal
        open={pending !== null}
        title={pending ? `${SCENARIO_ACTION_LABELS[pending]}：${scenario.title}` : ""}
        okText={pending ? SCENARIO_ACTION_LABELS[pending] : "确定"}
        okTestId="scenario-action-confirm"
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
                testId: "scenario-action-reason",
                placeholder: "请填写驳回原因，机构将看到此说明",
              }
            : undefined
        }
      >
        {pending && <Typography.Paragraph>{SCENARIO_ACTION_HINTS[pending]}</Typography.Paragraph>}
      </ConfirmReasonModal>
    </>
  );
}
