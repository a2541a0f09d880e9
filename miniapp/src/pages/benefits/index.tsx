import { useMemo, useState } from "react";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TClaim } from "@xinyi/shared";
import { listMyClaims } from "../../api/endpoints";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { formatDateTime } from "../../lib/format";
import { goTab, openVoucher } from "../../lib/nav";
import { categoryLabel } from "../../lib/scenario";
import { BENEFIT_TABS, claimSortTime, claimStatusLabel, claimTimeText, tabOf, type BenefitTab } from "../../lib/voucher";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

const EMPTY_TEXT: Record<BenefitTab, { title: string; sub: string }> = {
  unused: { title: "没有待使用的权益", sub: "守信用，享实惠，去首页看看有哪些权益" },
  used: { title: "还没有使用过的权益", sub: "到店出示券码核销后会出现在这里" },
  invalid: { title: "没有已失效的权益", sub: "过期或取消的权益会出现在这里" },
};

function BenefitItem({ claim }: { claim: TClaim }) {
  return (
    <View
      className={`benefit-item benefit-item--${claim.status}`}
      data-testid={`benefit-item-${claim.id}`}
      data-status={claim.status}
      onClick={() => void openVoucher(claim.id)}
    >
      <View className="benefit-item__head">
        <Text className="benefit-item__title" data-testid="benefit-title">
          {claim.scenarioTitle}
        </Text>
        <Text className={`voucher-tag voucher-tag--${claim.status}`} data-testid="benefit-status">
          {claimStatusLabel(claim.status)}
        </Text>
      </View>
      <View className="benefit-item__benefit" data-testid="benefit-benefit">
        {claim.benefit}
      </View>
      <View className="benefit-item__meta">
        <Text className="category-tag">{categoryLabel(claim.category)}</Text>
        <Text className="muted" data-testid="benefit-time">
          {claimTimeText(claim)}
        </Text>
      </View>
      <View className="benefit-item__foot">
        <Text className="muted">领取于 {formatDateTime(claim.claimedAt)}</Text>
        <Text className="benefit-item__open">{claim.status === "claimed" ? "出示券码 ›" : "查看 ›"}</Text>
      </View>
    </View>
  );
}

export default function BenefitsPage() {
  const [items, setItems] = useState<TClaim[]>();
  const [tab, setTab] = useState<BenefitTab>("unused");

  const { state, error, load } = usePageLoad(async () => {
    const claims = await listMyClaims();
    claims.sort((a, b) => claimSortTime(b) - claimSortTime(a));
    setItems(claims);
  });

  const byTab = useMemo(() => {
    const groups: Record<BenefitTab, TClaim[]> = { unused: [], used: [], invalid: [] };
    for (const c of items ?? []) groups[tabOf(c.status)].push(c);
    return groups;
  }, [items]);

  const shown = byTab[tab];

  return (
    <View className={`${TAB_PAGE_CLASS} benefits`} data-testid="benefits-page" data-state={state} data-tab={tab}>
      <View className="benefits__tabs">
        {BENEFIT_TABS.map((t) => (
          <View
            key={t.key}
            className={`benefits__tab${tab === t.key ? " benefits__tab--active" : ""}`}
            data-testid={`benefits-tab-${t.key}`}
            data-active={tab === t.key ? "true" : "false"}
            data-count={items ? String(byTab[t.key].length) : ""}
            onClick={() => setTab(t.key)}
          >
            <Text>{t.label}</Text>
            {items && byTab[t.key].length > 0 ? <Text className="benefits__tab-count">{byTab[t.key].length}</Text> : null}
          </View>
        ))}
      </View>

      {state === "error" ? <LoadError message={error} testId="benefits-error" onRetry={() => void load()} /> : null}

      {!items && state === "loading" ? <LoadingCards testId="benefits-loading" /> : null}

      {items && shown.length === 0 ? (
        <View className="card benefits__empty" data-testid="benefits-empty">
          <View className="benefits__empty-title">{EMPTY_TEXT[tab].title}</View>
          <View className="muted benefits__empty-sub">{EMPTY_TEXT[tab].sub}</View>
          {tab === "unused" ? (
            <Button type="primary" size="small" onClick={() => void goTab("home")}>
              去看看
            </Button>
          ) : null}
        </View>
      ) : null}

      {items && shown.length > 0 ? (
        <View data-testid="benefit-list">
          {shown.map((c) => (
            <BenefitItem key={c.id} claim={c} />
          ))}
        </View>
      ) : null}

      <TabBar current="benefits" />
    </View>
  );
}
