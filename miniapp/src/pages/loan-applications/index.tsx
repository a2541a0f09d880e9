import { useState } from "react";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TLoanApplication } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { listMyLoanApplications } from "../../api/loans";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { LoanApplicationCard } from "../../components/LoanApplicationCard";
import { openLoanApplication, openLoans } from "../../lib/nav";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

interface Listing {
  items: TLoanApplication[];
  total: number;
  page: number;
}

export default function LoanApplicationsPage() {
  const [listing, setListing] = useState<Listing>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();

  const { state, error, load } = usePageLoad(async () => {
    const res = await listMyLoanApplications();
    setListing({ items: res.items, total: res.total, page: res.page });
  });

  async function loadMore() {
    if (!listing || loadingMore) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const res = await listMyLoanApplications(listing.page + 1);
      setListing((cur) => {
        if (!cur) return cur;
        const seen = new Set(cur.items.map((a) => a.id));
        const items = [...cur.items, ...res.items.filter((a) => !seen.has(a.id))];
        return { items, total: res.items.length === 0 ? items.length : res.total, page: res.page };
      });
    } catch (e) {
      setMoreError(errorMessage(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const items = listing?.items;
  const hasMore = listing ? listing.items.length < listing.total : false;

  return (
    <View className="page loan-apps" data-testid="loan-applications-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="loan-applications-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} testId="loan-applications-loading" /> : null}

      {items && items.length === 0 ? (
        <View className="card loan-apps__empty" data-testid="loan-applications-empty">
          <View className="loan-apps__empty-title">还没有贷款申请</View>
          <View className="muted loan-apps__empty-sub">看看哪些银行的信用贷款您可以申请</View>
          <Button type="primary" size="small" data-testid="loan-applications-goto-products" onClick={() => void openLoans()}>
            查看贷款产品
          </Button>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="loan-application-list">
          {items.map((a) => (
            <LoanApplicationCard key={a.id} application={a} onOpen={(x) => void openLoanApplication(x.id)} />
          ))}
        </View>
      ) : null}

      {items && hasMore ? (
        <View className="loan-apps__more">
          {moreError ? <View className="error-text">{moreError}</View> : null}
          <Button size="small" fill="outline" type="primary" loading={loadingMore} onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View className="loan-apps__foot muted" onClick={() => void openLoans()}>
          申请其他贷款产品 ›
        </View>
      ) : null}
    </View>
  );
}
