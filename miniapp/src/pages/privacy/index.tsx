import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { PRIVACY_DOCUMENT_TITLES, type TPrivacyDocument, type TPrivacyStatus } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { acceptPrivacy, getPrivacyDocuments, getPrivacyStatus, withdrawSensitiveConsent } from "../../api/privacy";
import { ListGroup, ListRow } from "../../components/ListRow";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { openCloseAccount, openDocuments } from "../../lib/agreements";
import { formatDate } from "../../lib/format";
import { goLogin } from "../../lib/nav";
import { isSignedIn } from "../../lib/session";
import "./index.scss";

/** 隐私与账号: the documents and what was accepted, the sensitive-information consent (give or withdraw), closing the account. */
export default function PrivacyPage() {
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<TPrivacyStatus>();
  const [docs, setDocs] = useState<TPrivacyDocument[]>([]);
  const [busy, setBusy] = useState(false);

  async function load() {
    setState("loading");
    try {
      const [s, d] = await Promise.all([getPrivacyStatus(), getPrivacyDocuments()]);
      setStatus(s);
      setDocs(d);
      setState("ready");
    } catch (e) {
      setError(errorMessage(e));
      setState("error");
    }
  }

  useDidShow(() => {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    void load();
  });

  async function onWithdraw() {
    const { confirm } = await Taro.showModal({
      title: "撤回敏感个人信息授权",
      content: "撤回后将不能进行实名认证，不能向合作机构新增信用报告查询授权，您已作出的全部查询授权立即终止。已形成的审计日志和查询记录依法保留。确定撤回吗？",
      confirmText: "撤回",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setStatus(await withdrawSensitiveConsent());
      void Taro.showToast({ title: "已撤回", icon: "success", duration: 1500 });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2500 });
    } finally {
      setBusy(false);
    }
  }

  async function onConsent() {
    const rules = docs.find((d) => d.kind === "sensitive_info");
    if (!rules) return;
    setBusy(true);
    try {
      setStatus(await acceptPrivacy({ sensitiveInfoVersion: rules.version }));
      void Taro.showToast({ title: "已同意", icon: "success", duration: 1500 });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2500 });
    } finally {
      setBusy(false);
    }
  }

  const sensitive = status?.items.find((i) => i.kind === "sensitive_info");

  return (
    <View className="page privacy" data-testid="privacy-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="privacy-load-error" onRetry={() => void load()} /> : null}
      {state === "loading" && !status ? <LoadingCards count={2} /> : null}
      {status ? (
        <View>
          <View className="section-title">协议与政策</View>
          <ListGroup>
            {status.items.map((i) => (
              <ListRow
                key={i.kind}
                title={PRIVACY_DOCUMENT_TITLES[i.kind]}
                extra={i.current && i.acceptedAt ? `第${i.acceptedVersion}版 · ${formatDate(i.acceptedAt)} 同意` : i.withdrawnAt ? "已撤回" : "未同意"}
                testId={`privacy-document-${i.kind}`}
                onClick={() => void openDocuments(i.kind)}
              />
            ))}
          </ListGroup>

          <View className="section-title privacy__gap">敏感个人信息处理</View>
          <View className="card" data-testid="privacy-sensitive" data-consent={status.sensitiveConsent ? "true" : "false"}>
            <View className="privacy__status">
              <Text>当前状态</Text>
              <Text className={status.sensitiveConsent ? "privacy__on" : "privacy__off"} data-testid="privacy-sensitive-status">
                {status.sensitiveConsent ? "已同意" : sensitive?.withdrawnAt ? `已于${formatDate(sensitive.withdrawnAt)}撤回` : status.sensitiveRenewal ? "规则已更新，待重新同意" : "未同意"}
              </Text>
            </View>
            <View className="privacy__text">
              身份证号码和与您关联的公共信用信息属于敏感个人信息。同意后可进行实名认证、授权合作机构查询信用报告；撤回后不能再实名认证或新增授权，您已作出的查询授权全部终止。
            </View>
            {status.sensitiveConsent ? (
              <Button data-testid="privacy-withdraw" block fill="outline" type="danger" loading={busy} onClick={onWithdraw}>
                撤回同意
              </Button>
            ) : (
              <Button data-testid="privacy-consent" block type="primary" loading={busy} onClick={onConsent}>
                同意《敏感个人信息处理规则》
              </Button>
            )}
          </View>

          <View className="section-title privacy__gap">账号</View>
          <ListGroup>
            <ListRow title="注销账号" extra="删除账号信息，不可恢复" testId="privacy-close-account" onClick={() => void openCloseAccount()} />
          </ListGroup>
          <View className="muted privacy__contact">查阅、复制、更正个人信息，或对处理规则有疑问：privacy@xinyi-plus.cn，我们在15个工作日内答复。</View>
        </View>
      ) : null}
    </View>
  );
}
