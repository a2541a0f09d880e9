import { useRef, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { prefectureName, type TAvailableScenario } from "@xinyi/shared";
import { ApiError, errorMessage, newIdempotencyKey } from "../../api/client";
import { claimScenario, listAvailableScenarios } from "../../api/endpoints";
import { LoadingCards } from "../../components/Loading";
import { formatDate } from "../../lib/format";
import { goLogin, goTab } from "../../lib/nav";
import { cachedScenario, categoryLabel, rememberScenario, rememberScenarios, scenarioState } from "../../lib/scenario";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

interface ClaimResult {
  seq: number;
  ok: boolean;
  code?: string;
  message: string;
}

export default function ScenarioPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const [scenario, setScenario] = useState<TAvailableScenario | undefined>(() => cachedScenario(id));
  const [state, setState] = useState<LoadState>(scenario ? "ready" : "loading");
  const [error, setError] = useState<string>();
  const [claiming, setClaiming] = useState(false);
  const [result, setResult] = useState<ClaimResult>();
  const seq = useRef(0);
  const user = getCachedUser();

  async function load(): Promise<void> {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    try {
      const items = await listAvailableScenarios();
      rememberScenarios(items);
      const found = items.find((s) => s.id === id);
      setScenario(found);
      setState(found ? "ready" : "missing");
    } catch (e) {
      setError(errorMessage(e));
      setState((s) => (s === "ready" ? s : "error"));
    }
  }

  useDidShow(() => {
    void load();
  });

  async function onClaim() {
    if (claiming || !scenario) return;
    setClaiming(true);
    // One key per tap: a network retry of this tap is deduplicated, a new tap is a new attempt.
    const key = newIdempotencyKey();
    let next: ClaimResult;
    try {
      await claimScenario(scenario.id, key);
      next = { seq: ++seq.current, ok: true, message: "领取成功！可在「我的权益」中查看" };
      const updated = { ...scenario, claimedByMe: true, remaining: Math.max(0, scenario.remaining - 1) };
      setScenario(updated);
      rememberScenario(updated);
      void Taro.showToast({ title: "领取成功", icon: "success", duration: 1500 });
    } catch (e) {
      next = {
        seq: ++seq.current,
        ok: false,
        code: e instanceof ApiError ? e.code : undefined,
        message: errorMessage(e),
      };
    }
    setResult(next);
    setClaiming(false);
    // Refresh counts and eligibility from the server (quietly; the result stays on screen).
    void load();
  }

  if (!scenario) {
    return (
      <View className="page scenario" data-testid="scenario-detail" data-state={state}>
        {state === "loading" ? <LoadingCards count={2} /> : null}
        {state === "missing" ? (
          <View className="card scenario__missing" data-testid="scenario-missing">
            <View className="scenario__missing-title">该权益已结束或不在您所在的地区</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void goTab("home")}>
              返回首页
            </Button>
          </View>
        ) : null}
        {state === "error" ? <View className="card error-text">{error}</View> : null}
      </View>
    );
  }

  const s = scenario;
  const st = scenarioState(s);
  const regions = s.prefectureCodes.map((c) => prefectureName(c) ?? c).join("、");

  return (
    <View className={`page scenario${result ? " scenario--with-result" : ""}`} data-testid="scenario-detail" data-state={state} data-scenario-id={s.id}>
      <View className="scenario__hero">
        <View className="scenario__tags">
          <Text className="category-tag">{categoryLabel(s.category)}</Text>
          <Text className={`state-tag state-tag--${st.key}`} data-testid="scenario-state">
            {st.label}
          </Text>
        </View>
        <View className="scenario__title" data-testid="scenario-title">
          {s.title}
        </View>
        <View className="scenario__facts">
          <View className="scenario__fact">
            <View className="scenario__fact-num">{s.minCreditScore}</View>
            <View className="scenario__fact-label">最低信用分</View>
          </View>
          <View className="scenario__fact">
            <View className="scenario__fact-num" data-testid="scenario-remaining">
              {Math.max(0, s.remaining)}
            </View>
            <View className="scenario__fact-label">剩余名额</View>
          </View>
          <View className="scenario__fact">
            <View className="scenario__fact-num">{user?.creditScore ?? "--"}</View>
            <View className="scenario__fact-label">我的信用分</View>
          </View>
        </View>
      </View>

      {st.key === "ineligible" && s.ineligibleReason ? (
        <View className="scenario__reason" data-testid="scenario-ineligible-reason">
          {s.ineligibleReason}
        </View>
      ) : null}

      <View className="card">
        <View className="scenario__section-title">权益说明</View>
        <View className="scenario__desc">{s.description || "暂无说明"}</View>
      </View>

      <View className="card">
        <View className="scenario__row">
          <Text className="muted">适用地区</Text>
          <Text className="scenario__row-value">{regions}</Text>
        </View>
        <View className="scenario__row">
          <Text className="muted">领取时间</Text>
          <Text className="scenario__row-value">
            {formatDate(s.startsAt)} 至 {formatDate(s.endsAt)}
          </Text>
        </View>
        <View className="scenario__row">
          <Text className="muted">总名额</Text>
          <Text className="scenario__row-value">{s.quota}</Text>
        </View>
      </View>

      <View className="scenario__footer">
        {result ? (
          <View className={`scenario__result scenario__result--${result.ok ? "ok" : "fail"}`}>
            <Text
              className="scenario__result-text"
              data-testid="claim-result"
              data-seq={String(result.seq)}
              data-ok={result.ok ? "true" : "false"}
              data-code={result.code ?? ""}
            >
              {result.message}
            </Text>
            {result.ok ? (
              <Text className="scenario__goto" data-testid="goto-benefits" onClick={() => void goTab("benefits")}>
                查看 ›
              </Text>
            ) : null}
          </View>
        ) : null}
        <Button data-testid="claim-button" type="primary" block size="large" loading={claiming} onClick={onClaim}>
          立即领取
        </Button>
      </View>
    </View>
  );
}
