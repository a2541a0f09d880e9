import { Text, View } from "@tarojs/components";
import type { TAvailableScenario } from "@xinyi/shared";
import { categoryLabel, scenarioState } from "../lib/scenario";
import "./ScenarioCard.scss";

export function ScenarioCard({ scenario, onOpen }: { scenario: TAvailableScenario; onOpen: (s: TAvailableScenario) => void }) {
  const state = scenarioState(scenario);
  return (
    <View
      className={`scenario-card scenario-card--${state.key}`}
      data-testid={`scenario-card-${scenario.id}`}
      data-state={state.key}
      onClick={() => onOpen(scenario)}
    >
      <View className="scenario-card__head">
        <Text className="scenario-card__title" data-testid="scenario-title">
          {scenario.title}
        </Text>
        <Text className={`state-tag state-tag--${state.key}`} data-testid="scenario-state">
          {state.label}
        </Text>
      </View>
      <View className="scenario-card__meta">
        <Text className="category-tag">{categoryLabel(scenario.category)}</Text>
        <Text className="scenario-card__fact">
          最低信用分 <Text className="scenario-card__num">{scenario.minCreditScore}</Text>
        </Text>
        <Text className="scenario-card__fact">
          剩余名额 <Text className="scenario-card__num">{Math.max(0, scenario.remaining)}</Text>
        </Text>
      </View>
      {state.key === "ineligible" && scenario.ineligibleReason ? (
        <View className="scenario-card__reason" data-testid="scenario-ineligible-reason">
          {scenario.ineligibleReason}
        </View>
      ) : null}
    </View>
  );
}
