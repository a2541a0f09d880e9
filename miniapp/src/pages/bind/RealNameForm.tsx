import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Input } from "@nutui/nutui-react-taro";
import { ShieldCheck } from "@nutui/icons-react-taro";
import { ZIdentityVerifyRequest, type TMe } from "@xinyi/shared";
import { ApiError } from "../../api/client";
import { identityErrorMessage, verifyRealName } from "../../api/identity";
import { PRIVACY_ROUTES } from "../../lib/agreements";
import { firstIssue, normalizeCode, useFormError } from "./form";

/** 实名认证: name + ID number, checked by the identity service. */
export function RealNameForm({ forEnterprise, onVerified }: { forEnterprise: boolean; onVerified: (me: TMe) => void }) {
  const [name, setName] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [needsConsent, setNeedsConsent] = useState(false);
  const { error, fail, clear } = useFormError();

  async function onSubmit() {
    if (submitting) return;
    const parsed = ZIdentityVerifyRequest.safeParse({ name, idNumber });
    if (!parsed.success) {
      fail(firstIssue(parsed.error, ["name", "idNumber"]));
      return;
    }
    clear();
    setNeedsConsent(false);
    setSubmitting(true);
    try {
      const me = await verifyRealName(parsed.data);
      setIdNumber("");
      void Taro.showToast({ title: "实名认证成功", icon: "success", duration: 1500 });
      onVerified(me);
    } catch (e) {
      fail(identityErrorMessage(e));
      if (e instanceof ApiError && e.code === "PRIVACY_CONSENT_REQUIRED") setNeedsConsent(true);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <View className="card bind__form" data-testid="bind-form">
      <View className="bind__intro">
        {forEnterprise
          ? "企业认证前，请先完成本人实名认证：法定代表人或经办人须是经过核验的本人。"
          : "填写本人身份证上的姓名和号码，由公安部门的身份信息核验服务比对。认证后，政府部门归集的您名下的公共信用信息将与本账号关联。"}
      </View>
      <View className="bind__label">姓名</View>
      <View className="bind__field">
        <Input data-testid="bind-name" placeholder="与身份证一致" maxLength={30} value={name} onChange={setName} clearable />
      </View>
      <View className="bind__label">身份证号码</View>
      <View className="bind__field">
        <Input
          data-testid="bind-id-number"
          type="idcard"
          placeholder="18位居民身份证号码"
          maxLength={18}
          value={idNumber}
          onChange={(v) => setIdNumber(normalizeCode(v))}
          clearable
        />
      </View>
      <View className="bind__notice" data-testid="bind-notice">
        <ShieldCheck size={14} color="#1f5eff" />
        <Text>身份证号码加密保存，仅用于核验身份和关联信用记录；页面只显示脱敏后的号码（如 5301**********1234）。为防止冒用，核验次数有限制。</Text>
      </View>
      {error ? (
        <View className="bind__error" data-testid="bind-error" data-seq={String(error.seq)}>
          {error.message}
          {needsConsent ? (
            <View className="bind__error-action" data-testid="bind-goto-agreement" onClick={() => void Taro.navigateTo({ url: PRIVACY_ROUTES.agreement })}>
              阅读并同意 ›
            </View>
          ) : null}
        </View>
      ) : null}
      <Button data-testid="bind-submit" type="primary" block size="large" loading={submitting} onClick={onSubmit}>
        提交核验
      </Button>
    </View>
  );
}
