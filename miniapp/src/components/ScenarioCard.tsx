import { Text, View } from "@tarojs/components";
import type { TAvailableScenario } from "@xinyi/shared";
import { categoryLabel, ownerLabel, scenarioState } from "../lib/scenario";
import "./ScenarioCard.scss";

export function ScenarioCard({ scenario, onOpen }: { scenario: TAvailableScenario; onOpen: (s: TAvailableScenario) => void }) {
  const state = scenarioState(scenario);
  const reason = scenario.reasons[0] ?? scenario.ineligibleReason;
  return (
    <View
      className={`scenario-card scenario-card--${state.key}`}
      data-testid={`scenario-card-${scenario.id}`}
      data-state={state.key}
      data-category={scenario.category}
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
      <View className="scenario-card__owner">
        <Text className="category-tag">{categoryLabel(scenario.category)}</Text>
        <Text className="scenario-card__partner" data-testid="scenario-owner">
          {ownerLabel(scenario)}
        </Text>
      </View>
      <View className={`scenario-card__benefit${scenario.eligible || scenario.myClaim ? "" : " scenario-card__benefit--off"}`}>
        <Text className="scenario-card__benefit-label">{scenario.myClaim ? "券面权益" : scenario.eligible ? "我可享" : "达标可享"}</Text>
        <Text className="scenario-card__benefit-text" data-testid="scenario-my-benefit">
          {scenario.myClaim?.benefit ?? scenario.myBenefit}
        </Text>
      </View>
      <View className="scenario-card__meta">
        <Text className="scenario-card__rule" data-testid="scenario-rule">
          {scenario.ruleSummary}
        </Text>
        <Text className="scenario-card__fact">
          剩余名额 <Text className="scenario-card__num" data-testid="scenario-remaining">{Math.max(0, scenario.remaining)}</Text>
        </Text>
      </View>
      {state.key === "unverified" ? (
        <View className="scenario-card__reason scenario-card__reason--verify" data-testid="scenario-ineligible-reason">
          完成实名认证后即可领取
        </View>
      ) : null}
      {state.key === "ineligible" && reason ? (
        <View className="scenario-card__reason" data-testid="scenario-ineligible-reason">
          {reason}
        </View>
      ) : null}
    </View>
  );
}
