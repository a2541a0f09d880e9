import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { MANDATE_STATUS_LABELS, type TMandate } from "@xinyi/shared";
import { identityErrorMessage, revokeMandate } from "../../api/identity";
import { formatDateTime } from "../../lib/format";

const APPROVER_TEXT: Record<TMandate["approver"], string> = { legal_rep: "由法定代表人审批", administrator: "由州市管理员审核授权书" };

/** What each status means for the person who asked. */
function statusText(m: TMandate): string {
  if (m.status === "pending") return m.approver === "legal_rep" ? "等待法定代表人在信易+小程序中审批" : "等待州市管理员审核";
  if (m.status === "active") return "已生效：可在「我的」中切换为该企业身份";
  if (m.status === "rejected") return `未通过${m.reason ? `：${m.reason}` : ""}`;
  if (m.status === "revoked") return `授权已被撤销${m.reason ? `：${m.reason}` : ""}`;
  return "已撤回";
}

/** 我的授权申请: every request this account made, newest first; a pending one may be withdrawn. */
export function MyMandates({ items, onChanged }: { items: TMandate[]; onChanged: (m: TMandate) => void }) {
  const [withdrawing, setWithdrawing] = useState<string>();
  if (!items.length) return null;

  async function onWithdraw(m: TMandate) {
    const { confirm } = await Taro.showModal({ title: "撤回申请", content: `撤回对「${m.enterprise.name}」的经办人授权申请？`, confirmText: "撤回" });
    if (!confirm) return;
    setWithdrawing(m.id);
    try {
      onChanged(await revokeMandate(m.id));
    } catch (e) {
      void Taro.showToast({ title: identityErrorMessage(e), icon: "none", duration: 2500 });
    } finally {
      setWithdrawing(undefined);
    }
  }

  const sorted = [...items].sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt));
  return (
    <View className="card" data-testid="my-mandates">
      <View className="section-title bind__form-title">我的授权申请</View>
      {sorted.map((m) => (
        <View key={m.id} className="mandate" data-testid={`my-mandate-${m.id}`} data-status={m.status}>
          <View className="mandate__head">
            <Text className="mandate__name">{m.enterprise.name}</Text>
            <Text className={`mandate__status mandate__status--${m.status}`}>{MANDATE_STATUS_LABELS[m.status]}</Text>
          </View>
          <View className="mandate__meta">
            {APPROVER_TEXT[m.approver]} · {formatDateTime(m.requestedAt)} 提交
          </View>
          <View className="mandate__text">{statusText(m)}</View>
          {m.status === "pending" ? (
            <View className="mandate__actions">
              <Button data-testid={`my-mandate-withdraw-${m.id}`} size="small" fill="outline" loading={withdrawing === m.id} onClick={() => void onWithdraw(m)}>
                撤回申请
              </Button>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
