import { useMemo, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { ScrollView, Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import {
  BENEFIT_CATEGORIES,
  BENEFIT_CATEGORY_LABELS,
  CREDIT_SCORE_MAX,
  type TAvailableScenario,
  type TBenefitCategory,
  type TMe,
} from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { getMe, listAvailableScenarios } from "../../api/endpoints";
import { LoadingCards } from "../../components/Loading";
import { ScenarioCard } from "../../components/ScenarioCard";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { greeting } from "../../lib/format";
import { goLogin, goRegion, goTab, openScenario } from "../../lib/nav";
import { rememberScenarios } from "../../lib/scenario";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

type Filter = "all" | TBenefitCategory;
type LoadState = "loading" | "ready" | "error";

export default function HomePage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [items, setItems] = useState<TAvailableScenario[]>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState<Filter>("all");

  async function load() {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    setState("loading");
    setError(undefined);
    try {
      const [profile, scenarios] = await Promise.all([getMe(), listAvailableScenarios()]);
      if (!profile.prefectureCode) {
        void goRegion();
        return;
      }
      setMe(profile);
      setItems(scenarios);
      rememberScenarios(scenarios);
      setState("ready");
    } catch (e) {
      setError(errorMessage(e));
      setState("error");
    }
  }

  useDidShow(() => {
    void load();
  });

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const counts = useMemo(() => {
    const c = new Map<TBenefitCategory, number>();
    for (const s of items ?? []) c.set(s.category, (c.get(s.category) ?? 0) + 1);
    return c;
  }, [items]);

  const groups = useMemo(() => {
    const list = items ?? [];
    const categories = filter === "all" ? BENEFIT_CATEGORIES : [filter];
    return categories
      .map((category) => ({ category, items: list.filter((s) => s.category === category) }))
      .filter((g) => g.items.length > 0);
  }, [items, filter]);

  const score = me?.creditScore;
  const scorePercent = score === undefined ? 0 : Math.min(100, Math.max(0, (score / CREDIT_SCORE_MAX) * 100));
  const claimable = (items ?? []).filter((s) => s.eligible && !s.claimedByMe && s.remaining > 0).length;

  return (
    <View className={`${TAB_PAGE_CLASS} home`} data-testid="home-page" data-state={state}>
      <View className="home__hero">
        <View className="home__greeting" data-testid="greeting">
          {greeting()}，{me?.displayName ?? "您好"}
        </View>
        <View className="home__region">{me?.prefectureName ? `所在州市：${me.prefectureName}` : "信用让生活更美好"}</View>
        <View className="home__score-row" data-testid="nav-credit" onClick={() => void goTab("credit")}>
          <View>
            <View className="home__score-label">我的信用分 ›</View>
            <View className="home__score" data-testid="credit-score">
              {score ?? "--"}
            </View>
          </View>
          <View className="home__claimable">
            <View className="home__claimable-num">{items ? claimable : "-"}</View>
            <View className="home__claimable-label">项权益可领取</View>
          </View>
        </View>
        <View className="home__bar">
          <View className="home__bar-fill" style={{ width: `${scorePercent}%` }} />
        </View>
        <View className="home__bar-caption">
          {me && !me.subject ? (
            <Text className="home__bind-link" data-testid="nav-bind" onClick={() => void goTab("credit")}>
              完成实名认证，查看信用分和提升办法 ›
            </Text>
          ) : (
            `满分 ${CREDIT_SCORE_MAX} · 守信越久，可享权益越多`
          )}
        </View>
      </View>

      <View className="section-title">信易+ 权益</View>

      <ScrollView className="home__filters" scrollX enableFlex>
        {(["all", ...BENEFIT_CATEGORIES] as Filter[]).map((key) => {
          const label = key === "all" ? "全部" : BENEFIT_CATEGORY_LABELS[key];
          const count = key === "all" ? items?.length ?? 0 : counts.get(key) ?? 0;
          return (
            <View
              key={key}
              className={`home__chip${filter === key ? " home__chip--active" : ""}`}
              data-testid={`category-filter-${key}`}
              onClick={() => setFilter(key)}
            >
              {label}
              {count > 0 ? <Text className="home__chip-count">{count}</Text> : null}
            </View>
          );
        })}
      </ScrollView>

      {state === "error" ? (
        <View className="card home__error" data-testid="home-error">
          <View className="error-text">{error}</View>
          <Button size="small" type="primary" fill="outline" onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}

      {!items && state === "loading" ? <LoadingCards testId="scenario-loading" /> : null}

      {items && groups.length === 0 ? (
        <View className="card home__empty" data-testid="scenario-empty">
          <View className="home__empty-title">{filter === "all" ? "暂时没有可领取的权益" : `暂无${BENEFIT_CATEGORY_LABELS[filter]}类权益`}</View>
          <View className="muted">新的权益发布后会出现在这里</View>
        </View>
      ) : null}

      {items && groups.length > 0 ? (
        <View data-testid="scenario-list">
          {groups.map((group) => (
            <View key={group.category} className="home__group" data-testid={`scenario-group-${group.category}`}>
              <View className="home__group-title">{BENEFIT_CATEGORY_LABELS[group.category]}</View>
              {group.items.map((s) => (
                <ScenarioCard key={s.id} scenario={s} onOpen={(x) => void openScenario(x.id)} />
              ))}
            </View>
          ))}
        </View>
      ) : null}

      <TabBar current="home" />
    </View>
  );
}
