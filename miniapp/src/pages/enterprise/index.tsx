import { useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ShieldCheck } from "@nutui/icons-react-taro";
import { MANDATE_STATUS_LABELS, type TActingIdentity, type TMandate } from "@xinyi/shared";
import { getMe } from "../../api/endpoints";
import { decideMandate, identityErrorMessage, listEnterpriseMandates, revokeMandate } from "../../api/identity";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { formatDateTime } from "../../lib/format";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

type Action = "approve" | "reject" | "revoke";

const CONFIRM: Record<Action, { title: string; content: (m: TMandate) => string; confirmText: string; done: string }> = {
  approve: {
    title: "同意授权",
    content: (m) => `同意后，${m.agent.name}（${m.agent.idMasked}）可代表企业使用信易+，包括查看企业信用和申领企业权益。`,
    confirmText: "同意",
    done: "已同意授权",
  },
  reject: { title: "拒绝申请", content: (m) => `拒绝${m.agent.name}的经办人授权申请？`, confirmText: "拒绝", done: "已拒绝" },
  revoke: {
    title: "撤销授权",
    content: (m) => `撤销后，${m.agent.name}立即不能再代表企业办理业务。`,
    confirmText: "撤销",
    done: "已撤销授权",
  },
};

function MandateItem({ m, busy, actions, onAction }: { m: TMandate; busy?: Action; actions: Action[]; onAction: (m: TMandate, a: Action) => void }) {
  return (
    <View className="agent" data-testid={`ent-mandate-${m.id}`} data-status={m.status}>
      <View className="agent__head">
        <Text className="agent__name">{m.agent.name}</Text>
        <Text className={`agent__status agent__status--${m.status}`}>{MANDATE_STATUS_LABELS[m.status]}</Text>
      </View>
      <View className="agent__meta">
        身份证 {m.agent.idMasked}
        {m.agent.phoneMasked ? ` · 手机 ${m.agent.phoneMasked}` : ""}
      </View>
      {m.note ? <View className="agent__note">说明：{m.note}</View> : null}
      <View className="agent__meta">
        {m.status === "active" && m.decidedAt ? `${formatDateTime(m.decidedAt)} 起代表企业办理` : `${formatDateTime(m.requestedAt)} 申请`}
        {m.reason ? ` · ${m.reason}` : ""}
      </View>
      {actions.length ? (
        <View className="agent__actions">
          {actions.map((a) => (
            <Button
              key={a}
              data-testid={`ent-${a}-${m.id}`}
              size="small"
              type={a === "approve" ? "primary" : "danger"}
              fill={a === "approve" ? "solid" : "outline"}
              loading={busy === a}
              disabled={busy !== undefined && busy !== a}
              onClick={() => onAction(m, a)}
            >
              {a === "approve" ? "同意" : a === "reject" ? "拒绝" : "撤销"}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** 企业授权管理: the legal representative decides the mandate requests and sees / revokes who acts for the enterprise. */
export default function EnterprisePage() {
  const { params } = useRouter();
  const enterpriseId = params.id ?? "";
  const [enterprise, setEnterprise] = useState<TActingIdentity>();
  const [items, setItems] = useState<TMandate[]>([]);
  const [busy, setBusy] = useState<{ id: string; action: Action }>();

  const { state, error, load } = usePageLoad(async () => {
    const [me, list] = await Promise.all([getMe(), listEnterpriseMandates(enterpriseId)]);
    setEnterprise(me.identities?.find((i) => i.subjectId === enterpriseId));
    setItems(list);
  });

  async function onAction(m: TMandate, action: Action) {
    if (busy) return;
    const c = CONFIRM[action];
    const { confirm } = await Taro.showModal({
      title: c.title,
      content: c.content(m),
      confirmText: c.confirmText,
      ...(action === "approve" ? {} : { confirmColor: "#e34d59" }),
    });
    if (!confirm) return;
    setBusy({ id: m.id, action });
    try {
      const updated =
        action === "revoke" ? await revokeMandate(m.id) : await decideMandate(m.id, { decision: action === "approve" ? "approve" : "reject" });
      setItems((prev) => prev.map((x) => (x.id === updated.id ? updated : x)));
      void Taro.showToast({ title: c.done, icon: "success", duration: 1500 });
    } catch (e) {
      void Taro.showToast({ title: identityErrorMessage(e), icon: "none", duration: 2500 });
      void load();
    } finally {
      setBusy(undefined);
    }
  }

  const pending = items.filter((m) => m.status === "pending" && m.approver === "legal_rep");
  const active = items.filter((m) => m.status === "active");
  const history = items.filter((m) => !pending.includes(m) && !active.includes(m));
  const busyFor = (m: TMandate) => (busy?.id === m.id ? busy.action : undefined);
  const name = enterprise?.name ?? items[0]?.enterprise.name ?? "";

  return (
    <View className="page enterprise" data-testid="enterprise-page" data-state={state}>
      <View className="enterprise__head">
        <View className="enterprise__name" data-testid="enterprise-name">
          {name || "企业授权管理"}
        </View>
        <View className="enterprise__uscc">{enterprise?.uscc ?? items[0]?.enterprise.uscc ?? ""}</View>
        <View className="enterprise__role">
          <ShieldCheck size={14} color="#fff" />
          <Text>您是该企业登记的法定代表人</Text>
        </View>
      </View>

      {state === "loading" && !items.length ? <LoadingCards count={2} /> : null}
      {state === "error" ? <LoadError message={error} testId="enterprise-load-error" onRetry={() => void load()} /> : null}

      {state !== "error" ? (
        <>
          <View className="section-title">待审批的经办人申请</View>
          <View className="card" data-testid="enterprise-pending">
            {pending.length ? (
              pending.map((m) => <MandateItem key={m.id} m={m} busy={busyFor(m)} actions={["approve", "reject"]} onAction={onAction} />)
            ) : (
              <View className="muted">暂无待审批的申请</View>
            )}
          </View>

          <View className="section-title">代表企业办理的账号</View>
          <View className="card" data-testid="enterprise-active">
            {active.length ? (
              active.map((m) => <MandateItem key={m.id} m={m} busy={busyFor(m)} actions={["revoke"]} onAction={onAction} />)
            ) : (
              <View className="muted">除您本人外，暂无其他账号代表企业办理业务</View>
            )}
          </View>

          {history.length ? (
            <>
              <View className="section-title">历史记录</View>
              <View className="card" data-testid="enterprise-history">
                {history.map((m) => (
                  <MandateItem key={m.id} m={m} actions={[]} onAction={onAction} />
                ))}
              </View>
            </>
          ) : null}
        </>
      ) : null}
    </View>
  );
}
