import { useRef, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { scoreName, type TAvailableScenario, type TBenefitCategory } from "@xinyi/shared";
import { ApiError, errorMessage, newIdempotencyKey } from "../../api/client";
import { claimScenario, listAvailableScenarios } from "../../api/endpoints";
import { LoadingCards } from "../../components/Loading";
import { DetailRow } from "../../components/DetailRow";
import { formatDate } from "../../lib/format";
import { goLogin, goTab, openBind, openVoucher } from "../../lib/nav";
import {
  cachedScenario,
  categoryLabel,
  claimAction,
  ownerLabel,
  perSubjectLimitText,
  regionsText,
  rememberScenario,
  rememberScenarios,
  scenarioState,
  tierRows,
  validityText,
} from "../../lib/scenario";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

interface ClaimResult {
  seq: number;
  ok: boolean;
  code?: string;
  message: string;
  claimId?: string;
}

/** Pages to look through for the scenario (the listing has no single-scenario route). */
const MAX_PAGES = 20;

/** The scenario as the listing shows it now, or undefined when it is no longer open to me. */
async function findScenario(id: string, category: TBenefitCategory | undefined): Promise<TAvailableScenario | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await listAvailableScenarios({ category, page });
    rememberScenarios(res.items);
    const found = res.items.find((s) => s.id === id);
    if (found) return found;
    if (res.items.length === 0 || page * res.pageSize >= res.total) break;
  }
  // The category may have changed since the card was shown: one more look through everything.
  return category ? findScenario(id, undefined) : undefined;
}

function WhyPanel({ s }: { s: TAvailableScenario }) {
  if (s.needsIdentity) {
    return (
      <View className="why why--no" data-testid="scenario-why" data-eligible="false" data-needs-identity="true">
        <View className="why__title">完成实名认证后即可判断您是否符合条件</View>
        <View className="why__line">
          达标可享：
          <Text className="why__benefit why__benefit--off" data-testid="scenario-my-benefit">
            {s.myBenefit}
          </Text>
        </View>
        <View className="why__sub">信用权益按您本人的公共信用信息判断，需先核验姓名与身份证号码</View>
      </View>
    );
  }
  if (s.claimedByMe) {
    // The benefit the voucher was granted with: a later grade change does not alter a voucher.
    return (
      <View className="why why--claimed" data-testid="scenario-why" data-eligible={String(s.eligible)}>
        <View className="why__title">{s.myClaim?.status === "redeemed" ? "您已使用该权益" : "您已领取该权益"}</View>
        <View className="why__line">
          {s.myClaim ? "券面权益：" : "可享："}
          <Text className="why__benefit" data-testid="scenario-my-benefit">
            {s.myClaim?.benefit ?? s.myBenefit}
          </Text>
        </View>
        {s.myClaim?.status === "claimed" ? <View className="why__sub">到店出示二维码或券码即可使用</View> : null}
      </View>
    );
  }
  if (s.eligible) {
    return (
      <View className="why why--ok" data-testid="scenario-why" data-eligible="true">
        <View className="why__line why__line--big">
          您符合条件，可享：
          <Text className="why__benefit" data-testid="scenario-my-benefit">
            {s.myBenefit}
          </Text>
        </View>
        {s.remaining <= 0 ? <View className="why__sub">名额已领完，可关注后续放出的名额</View> : null}
      </View>
    );
  }
  const reasons = s.reasons.length ? s.reasons : s.ineligibleReason ? [s.ineligibleReason] : ["您暂不符合该权益的领取条件"];
  return (
    <View className="why why--no" data-testid="scenario-why" data-eligible="false">
      <View className="why__title">您暂不符合领取条件</View>
      <View className="why__list">
        {reasons.map((r, i) => (
          <View key={i} className="why__reason" data-testid="scenario-reason">
            {r}
          </View>
        ))}
      </View>
      <View className="why__line">
        符合条件后可享：
        <Text className="why__benefit why__benefit--off" data-testid="scenario-my-benefit">
          {s.myBenefit}
        </Text>
      </View>
      {s.hints.length ? (
        <View className="why__hints">
          <View className="why__hints-title">如何达到条件</View>
          {s.hints.map((h, i) => (
            <View key={i} className="why__hint" data-testid="scenario-hint">
              {h}
            </View>
          ))}
        </View>
      ) : null}
      <View className="why__link" data-testid="scenario-goto-credit" onClick={() => void goTab("credit")}>
        查看我的信用与提升办法 ›
      </View>
    </View>
  );
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
      const found = await findScenario(id, (scenario ?? cachedScenario(id))?.category);
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

  async function onAction() {
    if (!scenario) return;
    const action = claimAction(scenario);
    if (action.kind === "verify") return void openBind(getCachedUser()?.role === "enterprise" ? "enterprise" : "citizen");
    if (action.kind === "voucher") return void openVoucher(action.claimId);
    if (action.kind === "claim") await onClaim();
  }

  async function onClaim() {
    if (claiming || !scenario) return;
    setClaiming(true);
    // One key per tap: the automatic retries of this tap reuse it, a new tap is a new attempt.
    const key = newIdempotencyKey();
    let next: ClaimResult;
    try {
      const claimed = await claimScenario(scenario.id, key);
      next = { seq: ++seq.current, ok: true, message: "领取成功！", claimId: claimed.id };
      const updated = { ...scenario, claimedByMe: true, myClaim: { id: claimed.id, status: claimed.status, benefit: claimed.benefit }, remaining: Math.max(0, scenario.remaining - 1) };
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
        {state === "error" ? (
          <View className="card error-text" data-testid="scenario-error">
            {error}
          </View>
        ) : null}
      </View>
    );
  }

  const s = scenario;
  const st = scenarioState(s);
  const tiers = tierRows(s);
  const action = claimAction(s);

  return (
    <View
      className={`page scenario${result || (action.kind === "disabled" && action.reason) ? " scenario--with-result" : ""}`}
      data-testid="scenario-detail"
      data-state={state}
      data-scenario-id={s.id}
      data-eligible={String(s.eligible)}
    >
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
        <View className="scenario__owner" data-testid="scenario-owner">
          {ownerLabel(s)}
        </View>
        <View className="scenario__facts">
          <View className="scenario__fact">
            <View className="scenario__fact-num" data-testid="scenario-remaining">
              {Math.max(0, s.remaining)}
            </View>
            <View className="scenario__fact-label">剩余名额</View>
          </View>
          <View className="scenario__fact">
            <View className="scenario__fact-num">{s.quota}</View>
            <View className="scenario__fact-label">总名额</View>
          </View>
          <View className="scenario__fact">
            <View className="scenario__fact-num">{user?.creditScore ?? "--"}</View>
            {/* An enterprise's score is on its own scale and has its own name. */}
            <View className="scenario__fact-label">{user?.subject?.kind === "enterprise" ? scoreName("enterprise") : "我的信用分"}</View>
          </View>
        </View>
      </View>

      <WhyPanel s={s} />

      <View className="card">
        <View className="scenario__section-title">领取条件</View>
        <View className="scenario__desc" data-testid="scenario-rule">
          {s.ruleSummary}
        </View>
      </View>

      <View className="card" data-testid="scenario-tiers">
        <View className="scenario__section-title">守信等级权益</View>
        <View className="tiers">
          <View className="tiers__row tiers__row--head">
            <Text className="tiers__grade">信用等级</Text>
            <Text className="tiers__benefit">可享权益</Text>
          </View>
          {tiers.map((row, i) => (
            <View
              key={i}
              className={`tiers__row${row.mine ? " tiers__row--mine" : ""}`}
              data-testid="scenario-tier"
              data-mine={row.mine ? "true" : "false"}
            >
              <Text className="tiers__grade">{row.grades}</Text>
              <Text className="tiers__benefit">
                {row.benefit}
                {row.mine ? <Text className="tiers__mine">我的</Text> : null}
              </Text>
            </View>
          ))}
        </View>
      </View>

      <View className="card">
        <View className="scenario__section-title">权益说明</View>
        <View className="scenario__desc">{s.description || "暂无说明"}</View>
      </View>

      <View className="card">
        <DetailRow block="scenario" label="领取限制" testId="scenario-limit">
          {perSubjectLimitText(s)}
        </DetailRow>
        <DetailRow block="scenario" label="券有效期" testId="scenario-validity">
          {validityText(s.redemptionHours)}
        </DetailRow>
        <DetailRow block="scenario" label="领取时间">
          {formatDate(s.startsAt)} 至 {formatDate(s.endsAt)}
        </DetailRow>
        <DetailRow block="scenario" label="适用地区">
          {regionsText(s)}
        </DetailRow>
      </View>

      <View className="card" data-testid="scenario-terms">
        <View className="scenario__section-title">使用条款</View>
        <View className="scenario__desc">{s.terms || "以权益提供方的现场说明为准"}</View>
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
              <View className="scenario__gotos">
                {result.claimId ? (
                  <Text className="scenario__goto" data-testid="goto-voucher" onClick={() => void openVoucher(result.claimId!)}>
                    出示券码 ›
                  </Text>
                ) : null}
                <Text className="scenario__goto scenario__goto--plain" data-testid="goto-benefits" onClick={() => void goTab("benefits")}>
                  我的权益 ›
                </Text>
              </View>
            ) : null}
          </View>
        ) : null}
        {action.kind === "disabled" && action.reason && !result ? (
          <View className="scenario__action-reason" data-testid="claim-disabled-reason">
            {action.reason}
          </View>
        ) : null}
        <Button
          data-testid="claim-button"
          data-action={action.kind}
          data-disabled={action.kind === "disabled" ? "true" : "false"}
          type="primary"
          block
          size="large"
          loading={claiming}
          disabled={action.kind === "disabled"}
          onClick={() => void onAction()}
        >
          {action.label}
        </Button>
      </View>
    </View>
  );
}
