import { useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TClaim } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { listMyClaims } from "../../api/endpoints";
import { LoadingCards } from "../../components/Loading";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { formatDateTime } from "../../lib/format";
import { goLogin, goTab } from "../../lib/nav";
import { categoryLabel } from "../../lib/scenario";
import { isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "error";

const CLAIM_STATUS_LABELS: Record<TClaim["status"], string> = {
  claimed: "已领取",
};

export default function BenefitsPage() {
  const [items, setItems] = useState<TClaim[]>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();

  async function load() {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    setState("loading");
    setError(undefined);
    try {
      const claims = await listMyClaims();
      claims.sort((a, b) => Date.parse(b.claimedAt) - Date.parse(a.claimedAt));
      setItems(claims);
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

  return (
    <View className={`${TAB_PAGE_CLASS} benefits`} data-testid="benefits-page" data-state={state}>
      <View className="benefits__summary">
        <Text className="benefits__summary-num">{items ? items.length : "-"}</Text>
        <Text className="benefits__summary-label">项已领取的权益</Text>
      </View>

      {state === "error" ? (
        <View className="card benefits__error" data-testid="benefits-error">
          <View className="error-text">{error}</View>
          <Button size="small" type="primary" fill="outline" onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}

      {!items && state === "loading" ? <LoadingCards testId="benefits-loading" /> : null}

      {items && items.length === 0 ? (
        <View className="card benefits__empty" data-testid="benefits-empty">
          <View className="benefits__empty-title">还没有领取任何权益</View>
          <View className="muted benefits__empty-sub">守信用，享实惠，去首页看看有哪些权益</View>
          <Button type="primary" size="small" onClick={() => void goTab("home")}>
            去看看
          </Button>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="benefit-list">
          {items.map((c) => (
            <View key={c.id} className="benefit-item" data-testid={`benefit-item-${c.id}`}>
              <View className="benefit-item__head">
                <Text className="benefit-item__title" data-testid="benefit-title">
                  {c.scenarioTitle}
                </Text>
                <Text className="state-tag state-tag--claimed" data-testid="benefit-status">
                  {CLAIM_STATUS_LABELS[c.status] ?? c.status}
                </Text>
              </View>
              <View className="benefit-item__meta">
                <Text className="category-tag">{categoryLabel(c.category)}</Text>
                <Text className="muted">领取时间 {formatDateTime(c.claimedAt)}</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <TabBar current="benefits" />
    </View>
  );
}
