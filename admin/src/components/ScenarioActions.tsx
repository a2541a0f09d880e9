import type { TScenario } from "@xinyi/shared";
import { transitionScenario } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { SCENARIO_ACTION_HINTS, scenarioActionsFor } from "../lib/scenarios";
import { LifecycleActions } from "./LifecycleActions";

/** Codes meaning "what you see is out of date": say so and reload. */
export const STALE_SCENARIO_CODES = ["VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID"] as const;

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
  const user = useCurrentUser();
  if (!user) return null;
  return (
    <LifecycleActions<TScenario>
      item={scenario}
      actions={scenarioActionsFor(user, scenario)}
      hints={SCENARIO_ACTION_HINTS}
      send={(body) => transitionScenario(scenario.id, body)}
      describe={(updated) => updated.title}
      staleCodes={STALE_SCENARIO_CODES}
      onChanged={onChanged}
      onStale={onStale}
      testIdPrefix="scenario"
      rejectPlaceholder="请填写驳回原因，机构将看到此说明"
      size={size}
    />
  );
}
