import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { AUTHORITY_LABELS, type TActingIdentity, type TMe } from "@xinyi/shared";
import { actAs, identityErrorMessage } from "../api/identity";
import { openEnterprise } from "../lib/nav";
import "./IdentityList.scss";

/**
 * The identities an account may act for (its own citizen identity, enterprises as 法定代表人 or
 * 经办人): which one this session acts for, 切换 to another, and 授权管理 for a legal representative.
 */
export function IdentityList({
  me,
  only,
  onSwitched,
}: {
  me: TMe;
  /** Show only the enterprises (the 企业认证 page). */
  only?: "enterprise";
  onSwitched: (me: TMe) => void;
}) {
  const [switching, setSwitching] = useState<string>();
  const all = me.identities ?? [];
  const list = only ? all.filter((i) => i.kind === only) : all;
  if (!list.length) return null;

  async function onSwitch(identity: TActingIdentity) {
    if (switching) return;
    setSwitching(identity.subjectId);
    try {
      const next = await actAs(identity.subjectId);
      void Taro.showToast({ title: identity.kind === "enterprise" ? "已切换为企业身份" : "已切换为个人身份", icon: "success", duration: 1500 });
      onSwitched(next);
    } catch (e) {
      void Taro.showToast({ title: identityErrorMessage(e), icon: "none", duration: 2500 });
    } finally {
      setSwitching(undefined);
    }
  }

  return (
    <View className="identity-list" data-testid="identity-list">
      {list.map((i) => {
        const current = me.subject?.id === i.subjectId;
        return (
          <View
            key={i.subjectId}
            className={`identity-list__item${current ? " identity-list__item--current" : ""}`}
            data-testid={`identity-${i.subjectId}`}
            data-current={current ? "true" : "false"}
          >
            <View className="identity-list__main">
              <View className="identity-list__name">
                <Text>{i.name}</Text>
                <Text className={`identity-list__tag identity-list__tag--${i.authority}`}>{i.kind === "citizen" ? "个人" : AUTHORITY_LABELS[i.authority]}</Text>
              </View>
              <View className="identity-list__id">{(i.kind === "citizen" ? i.idMasked : i.uscc) ?? ""}</View>
            </View>
            <View className="identity-list__actions">
              {i.authority === "legal_rep" ? (
                <Text className="identity-list__link" data-testid={`identity-manage-${i.subjectId}`} onClick={() => void openEnterprise(i.subjectId)}>
                  授权管理
                </Text>
              ) : null}
              {current ? (
                <Text className="identity-list__current">当前身份</Text>
              ) : (
                <Button
                  data-testid={`identity-switch-${i.subjectId}`}
                  size="small"
                  type="primary"
                  fill="outline"
                  loading={switching === i.subjectId}
                  onClick={() => void onSwitch(i)}
                >
                  切换
                </Button>
              )}
            </View>
          </View>
        );
      })}
    </View>
  );
}
