import { useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import type { TAvailableLoanProduct, TMe } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { getMe } from "../../api/endpoints";
import { listAvailableLoanProducts, type TAvailableLoanProductList } from "../../api/loans";
import { BankResponseTimes } from "../../components/BankResponseTimes";
import { BindPrompt } from "../../components/BindPrompt";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { LoanProductCard } from "../../components/LoanProductCard";
import { rememberProducts } from "../../lib/loans";
import { goLogin, goRegion, openBind, openLoanApplication, openLoanApplications, openLoanDemand, openLoanProduct } from "../../lib/nav";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "unbound" | "error";

/** Refusals that mean "verify first" rather than a failure. */
const NEEDS_IDENTITY = new Set(["IDENTITY_REQUIRED", "SUBJECT_NOT_BOUND"]);

export default function LoansPage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [listing, setListing] = useState<TAvailableLoanProductList>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();
  const seq = useRef(0);

  async function load() {
    if (!isSignedIn()) return goLogin();
    const mySeq = ++seq.current;
    setState("loading");
    setError(undefined);
    // The profile says who I act for (the 融资需求 entry); the listing does not wait for it.
    void getMe().then(
      (profile) => {
        if (mySeq !== seq.current) return;
        if (!profile.prefectureCode) return void goRegion();
        setMe(profile);
      },
      () => undefined,
    );
    try {
      const res = await listAvailableLoanProducts();
      if (mySeq !== seq.current) return;
      rememberProducts(res.items);
      setListing(res);
      setState("ready");
    } catch (e) {
      if (mySeq !== seq.current) return;
      if (e instanceof ApiError && NEEDS_IDENTITY.has(e.code)) {
        setState("unbound");
        return;
      }
      setError(errorMessage(e));
      setState("error");
    }
  }

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  function onOpen(p: TAvailableLoanProduct) {
    if (p.needsIdentity) return void openBind(me?.role === "enterprise" ? "enterprise" : "citizen");
    if (p.myOpenApplicationId) return void openLoanApplication(p.myOpenApplicationId);
    void openLoanProduct(p.id);
  }

  const items = listing?.items;
  const unverified = state === "unbound" || (me ? !me.subject : false) || (items ?? []).some((p) => p.needsIdentity);
  const enterprise = me?.role === "enterprise";

  return (
    <View className="page loans" data-testid="loans-page" data-state={state}>
      <View className="loans__hero">
        <View className="loans__hero-title">信易贷</View>
        <View className="loans__hero-text">
          {enterprise ? `以 ${me?.subject?.name ?? "贵企业"} 的信用申请银行贷款` : "凭公共信用申请银行信用贷款"}，额度和利率按您的信用等级测算，以银行审批为准。
        </View>
        <View className="loans__links">
          <Text className="loans__link" data-testid="loans-goto-applications" onClick={() => void openLoanApplications()}>
            我的贷款申请 ›
          </Text>
          {enterprise ? (
            <Text className="loans__link" data-testid="loans-goto-demand" onClick={() => void openLoanDemand()}>
              发布融资需求 ›
            </Text>
          ) : null}
        </View>
      </View>

      {unverified ? (
        <BindPrompt title="完成实名认证后，查看您可贷的额度和利率" testId="loans-unbound" buttonTestId="loans-bind" />
      ) : null}

      {state === "error" ? <LoadError message={error} testId="loans-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards testId="loans-loading" /> : null}

      {items && items.length > 0 ? (
        <View className="loans__summary" data-testid="loans-summary">
          共 {listing?.total ?? items.length} 款贷款产品{unverified ? "" : `，其中 ${listing?.eligibleCount ?? 0} 款您可申请`}
        </View>
      ) : null}

      {items && items.length === 0 ? (
        <View className="card loans__empty" data-testid="loans-empty">
          <View className="loans__empty-title">您所在地区暂无可申请的贷款产品</View>
          <View className="muted">银行发布新产品后会出现在这里</View>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="loan-product-list">
          {items.map((p) => (
            <LoanProductCard key={p.id} product={p} onOpen={onOpen} />
          ))}
        </View>
      ) : null}

      <BankResponseTimes />
    </View>
  );
}
