import { useState } from "react";
import Taro from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TDemandTake, TLoanDemand, TMe } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { getMe } from "../../api/endpoints";
import { acceptDemandOffer, listMyLoanDemands, withdrawLoanDemand } from "../../api/loans";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { ratePct, wan } from "../../lib/loans";
import { goTab, openBind, openLoanApplication } from "../../lib/nav";
import { getCachedUser } from "../../lib/session";
import { usePageLoad } from "../../lib/usePageLoad";
import { DemandCard } from "./DemandCard";
import { DemandForm } from "./DemandForm";
import "./index.scss";

/** 融资需求 for accounts acting for an enterprise: publish a need, compare the banks' offers, pick one. */
export default function LoanDemandPage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [demands, setDemands] = useState<TLoanDemand[]>();
  const [showForm, setShowForm] = useState(false);
  const [accepting, setAccepting] = useState<string>();
  const [withdrawing, setWithdrawing] = useState<string>();

  const { state, error, load } = usePageLoad(async () => {
    const profile = await getMe();
    setMe(profile);
    if (profile.role !== "enterprise") return;
    setDemands(await listMyLoanDemands());
  });

  async function onAccept(d: TLoanDemand, t: TDemandTake) {
    if (accepting || !t.offer) return;
    const { confirm } = await Taro.showModal({
      title: "接受报价",
      content: `接受${t.bankName}的报价：${wan(t.offer.amountWan)} 万元，年利率 ${ratePct(t.offer.annualRate)}，${t.offer.termMonths} 个月？接受后将成为向该银行的贷款申请，其他银行的报价不再有效。`,
      confirmText: "接受",
    });
    if (!confirm) return;
    setAccepting(t.id);
    try {
      const application = await acceptDemandOffer(d.id, t.id);
      void Taro.showToast({ title: "已接受报价", icon: "success", duration: 1500 });
      void openLoanApplication(application.id);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2500 });
      if (e instanceof ApiError && e.status === 409) void load();
    } finally {
      setAccepting(undefined);
    }
  }

  async function onWithdraw(d: TLoanDemand) {
    if (withdrawing) return;
    const { confirm } = await Taro.showModal({
      title: "撤回需求",
      content: "撤回后银行将不能再接单或报价，已有的报价也不再有效。确定撤回吗？",
      confirmText: "撤回",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setWithdrawing(d.id);
    try {
      const updated = await withdrawLoanDemand(d.id);
      setDemands((list) => (list ?? []).map((x) => (x.id === updated.id ? updated : x)));
      void Taro.showToast({ title: "已撤回", icon: "success", duration: 1200 });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2500 });
      void load();
    } finally {
      setWithdrawing(undefined);
    }
  }

  const enterprise = me?.role === "enterprise";
  const canSwitch = (me?.identities ?? []).some((i) => i.kind === "enterprise");

  return (
    <View className="page loan-demand" data-testid="loan-demand-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="loan-demand-error" onRetry={() => void load()} /> : null}
      {state === "loading" && !demands ? <LoadingCards count={2} /> : null}

      {state === "ready" && !enterprise ? (
        <View className="card loan-demand__only" data-testid="loan-demand-enterprise-only">
          <View className="loan-demand__only-title">融资需求面向企业</View>
          <View className="loan-demand__only-text">
            {canSwitch
              ? "您可以代表企业办理：请在「我的 › 切换身份」中切换为企业身份后再发布。"
              : "请先完成企业认证（法定代表人绑定或经办人授权），再以企业身份发布融资需求。"}
          </View>
          <Button type="primary" block data-testid="loan-demand-switch" onClick={() => void (canSwitch ? goTab("mine") : openBind("enterprise"))}>
            {canSwitch ? "去切换身份" : "去企业认证"}
          </Button>
        </View>
      ) : null}

      {enterprise && demands ? (
        <View>
          <View className="loan-demand__intro">
            以 <View className="loan-demand__intro-name">{me?.subject?.name}</View> 的名义发布融资需求，服务本地的银行接单报价，您比较后选定一家。
          </View>
          {showForm ? (
            <DemandForm
              me={me}
              onCancel={() => setShowForm(false)}
              onPublished={(created) => {
                setDemands((list) => [created, ...(list ?? []).filter((x) => x.id !== created.id)]);
                setShowForm(false);
              }}
            />
          ) : (
            <Button className="loan-demand__new" data-testid="loan-demand-new" type="primary" block onClick={() => setShowForm(true)}>
              ＋ 发布融资需求
            </Button>
          )}

          <View className="section-title">我的融资需求</View>
          {demands.length === 0 ? (
            <View className="card muted loan-demand__empty" data-testid="loan-demand-empty">
              还没有发布过融资需求
            </View>
          ) : (
            <View data-testid="loan-demand-list">
              {demands.map((d) => (
                <DemandCard key={d.id} demand={d} accepting={accepting} withdrawing={withdrawing === d.id} onAccept={(x, t) => void onAccept(x, t)} onWithdraw={(x) => void onWithdraw(x)} />
              ))}
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}
