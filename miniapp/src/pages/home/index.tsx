import { useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from "@tarojs/taro";
import { ScrollView, Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { scoreName, type TAvailableScenario, type TCreditScale, type TMe } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { getMe, getMyCredit, listAvailableScenarios } from "../../api/endpoints";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { ScenarioCard } from "../../components/ScenarioCard";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { scaleCaption, scalePercent } from "../../lib/credit";
import { greeting } from "../../lib/format";
import { goLogin, goRegion, goTab, openLoans, openScenario } from "../../lib/nav";
import { CATEGORY_FILTERS, categoryFilterLabel, rememberScenarios, type CategoryFilter } from "../../lib/scenario";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "error";

interface Listing {
  filter: CategoryFilter;
  items: TAvailableScenario[];
  total: number;
  eligibleCount: number;
  /** Last page loaded (1-based). */
  page: number;
}

export default function HomePage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [listing, setListing] = useState<Listing>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState<CategoryFilter>("all");
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();
  /** Eligible scenarios in all categories (the hero's number), from the last unfiltered listing. */
  const [eligibleAll, setEligibleAll] = useState<number>();
  /** The scale the score is on (个人 0–1000, 企业 0–100), from the credit profile. */
  const [scale, setScale] = useState<TCreditScale>();
  /** Answers to an older request (another filter, an earlier refresh) are dropped. */
  const requestSeq = useRef(0);

  async function load(nextFilter: CategoryFilter = filter, withProfile = true) {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    const seq = ++requestSeq.current;
    setState("loading");
    setError(undefined);
    setMoreError(undefined);
    try {
      const category = nextFilter === "all" ? undefined : nextFilter;
      const [profile, res] = await Promise.all([withProfile ? getMe() : Promise.resolve(undefined), listAvailableScenarios({ category })]);
      if (seq !== requestSeq.current) return;
      if (profile && !profile.prefectureCode) {
        void goRegion();
        return;
      }
      if (profile) setMe(profile);
      if (profile?.subject) {
        // The bar and 满分 wait for the scale; the score itself is already on screen.
        void getMyCredit().then(
          (credit) => seq === requestSeq.current && setScale(credit.evaluation?.scale),
          () => undefined,
        );
      }
      rememberScenarios(res.items);
      setListing({ filter: nextFilter, items: res.items, total: res.total, eligibleCount: res.eligibleCount, page: res.page });
      if (nextFilter === "all") setEligibleAll(res.eligibleCount);
      setState("ready");
    } catch (e) {
      if (seq !== requestSeq.current) return;
      setError(errorMessage(e));
      setState("error");
    }
  }

  async function loadMore() {
    if (!listing || loadingMore || state !== "ready" || listing.items.length >= listing.total) return;
    const seq = requestSeq.current;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const category = listing.filter === "all" ? undefined : listing.filter;
      const res = await listAvailableScenarios({ category, page: listing.page + 1 });
      if (seq !== requestSeq.current) return;
      rememberScenarios(res.items);
      setListing((cur) => {
        if (!cur || cur.filter !== listing.filter) return cur;
        const seen = new Set(cur.items.map((s) => s.id));
        const items = [...cur.items, ...res.items.filter((s) => !seen.has(s.id))];
        // An empty page means the list shrank meanwhile: stop offering more.
        const total = res.items.length === 0 ? items.length : res.total;
        return { ...cur, items, total, eligibleCount: res.eligibleCount, page: res.page };
      });
    } catch (e) {
      if (seq === requestSeq.current) setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }

  function chooseFilter(next: CategoryFilter) {
    // 信易贷 is banks' loan products (with my terms and an application), not vouchers to claim.
    if (next === "loan") return void openLoans();
    if (next === filter && state !== "error") return;
    setFilter(next);
    setListing(undefined);
    void load(next, false);
  }

  useDidShow(() => {
    void load();
  });

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    void loadMore();
  });

  const items = listing?.items;
  const hasMore = listing ? listing.items.length < listing.total : false;
  const score = me?.creditScore;
  const kind = me?.subject?.kind ?? "citizen";
  const scorePercent = score === undefined || !scale ? 0 : scalePercent(score, scale);

  return (
    <View className={`${TAB_PAGE_CLASS} home`} data-testid="home-page" data-state={state} data-category={filter}>
      <View className="home__hero">
        <View className="home__greeting" data-testid="greeting">
          {greeting()}，{me?.displayName ?? "您好"}
        </View>
        <View className="home__region">{me?.prefectureName ? `所在州市：${me.prefectureName}` : "信用让生活更美好"}</View>
        <View className="home__score-row" data-testid="nav-credit" onClick={() => void goTab("credit")}>
          <View>
            <View className="home__score-label">{kind === "enterprise" ? scoreName(kind) : "我的信用分"} ›</View>
            <View className="home__score" data-testid="credit-score">
              {score ?? "--"}
            </View>
          </View>
          <View className="home__claimable">
            <View className="home__claimable-num" data-testid="eligible-count">
              {eligibleAll ?? "-"}
            </View>
            <View className="home__claimable-label">项权益符合条件</View>
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
            <Text data-testid="home-scale">
              {scale ? `${scaleCaption(scale)} · ` : ""}
              {kind === "enterprise" ? "守信经营，贵企业可享权益越多" : "守信越久，可享权益越多"}
            </Text>
          )}
        </View>
      </View>

      <View className="section-title">信易+ 权益</View>

      <ScrollView className="home__filters" scrollX enableFlex>
        {CATEGORY_FILTERS.map((key) => (
          <View
            key={key}
            className={`home__chip${filter === key ? " home__chip--active" : ""}`}
            data-testid={`category-${key}`}
            data-active={filter === key ? "true" : "false"}
            onClick={() => chooseFilter(key)}
          >
            {categoryFilterLabel(key)}
          </View>
        ))}
      </ScrollView>

      {state === "error" ? <LoadError message={error} testId="home-error" onRetry={() => void load()} /> : null}

      {!items && state === "loading" ? <LoadingCards testId="scenario-loading" /> : null}

      {listing && items && items.length > 0 ? (
        <View className="home__summary" data-testid="scenario-summary">
          共 {listing.total} 项{listing.filter === "all" ? "" : `${categoryFilterLabel(listing.filter)}权益`}，其中 {listing.eligibleCount} 项您符合条件
        </View>
      ) : null}

      {items && items.length === 0 ? (
        <View className="card home__empty" data-testid="scenario-empty">
          <View className="home__empty-title">{filter === "all" ? "暂时没有可领取的权益" : `暂无${categoryFilterLabel(filter)}类权益`}</View>
          <View className="muted">新的权益发布后会出现在这里</View>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="scenario-list" data-loaded={String(items.length)} data-total={String(listing?.total ?? items.length)}>
          {items.map((s) => (
            <ScenarioCard key={s.id} scenario={s} onOpen={(x) => void openScenario(x.id)} />
          ))}
        </View>
      ) : null}

      {items && hasMore ? (
        <View className="home__more">
          {moreError ? (
            <View className="error-text home__more-error" data-testid="scenario-load-more-error">
              {moreError}
            </View>
          ) : null}
          <Button
            data-testid="scenario-load-more"
            size="small"
            fill="outline"
            type="primary"
            loading={loadingMore}
            onClick={() => void loadMore()}
          >
            {loadingMore ? "加载中…" : `加载更多（还有 ${Math.max(0, (listing?.total ?? 0) - items.length)} 项）`}
          </Button>
        </View>
      ) : null}

      {items && items.length > 0 && !hasMore ? (
        <View className="home__end muted" data-testid="scenario-end">
          已显示全部 {items.length} 项
        </View>
      ) : null}

      <TabBar current="home" />
    </View>
  );
}
