import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { AUTHORITY_LABELS, ROLE_LABELS, type TMe } from "@xinyi/shared";
import { logout } from "../../api/endpoints";
import { unreadMessageCount } from "../../api/messages";
import { ListGroup, ListRow } from "../../components/ListRow";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { openCommitments } from "../../lib/commitments";
import { subjectSummary } from "../../lib/credit";
import { badgeText, openMessages } from "../../lib/messages";
import { goRegion, goTab, openBind, openConsent, openLoanApplications, openLoanDemand, openLoans } from "../../lib/nav";
import { getCachedUser, isSignedIn } from "../../lib/session";
import { openCloseAccount, openDocuments, openPrivacy } from "../../lib/agreements";
import { useMeOnShow } from "../../lib/usePageLoad";
import { IdentitySwitcher } from "./IdentitySwitcher";
import "./index.scss";

export default function MinePage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [error, setError] = useState<string>();
  const [leaving, setLeaving] = useState(false);

  useMeOnShow((profile) => {
    setMe(profile);
    setError(undefined);
  }, setError);

  // The badge is a hint: when it cannot be read, 消息 simply shows none.
  const [unread, setUnread] = useState<number>();
  useDidShow(() => {
    if (isSignedIn()) unreadMessageCount().then(setUnread, () => setUnread(undefined));
  });

  async function onLogout() {
    const { confirm } = await Taro.showModal({ title: "退出登录", content: "确定要退出当前账号吗？", confirmText: "退出", confirmColor: "#e34d59" });
    if (!confirm) return;
    setLeaving(true);
    await logout();
    void Taro.reLaunch({ url: "/pages/login/index" });
  }

  const initial = me?.displayName ? Array.from(me.displayName)[0] : "信";
  const subject = subjectSummary(me);
  const acting = me?.identities?.find((i) => i.subjectId === me.subject?.id);
  const enterprises = me?.identities?.filter((i) => i.kind === "enterprise").length ?? 0;

  return (
    <View className={`${TAB_PAGE_CLASS} mine`} data-testid="mine-page">
      <View className="mine__profile">
        <View className="mine__avatar">{initial}</View>
        <View>
          <View className="mine__name" data-testid="mine-name">
            {me?.displayName ?? "—"}
          </View>
          <View className="mine__phone">
            {me?.phoneMasked ?? ""}
            {subject ? (
              <Text className="mine__badge" data-testid="mine-verified">
                {subject.kind === "citizen" ? "已实名" : `企业${acting ? ` · ${AUTHORITY_LABELS[acting.authority]}` : ""}`}
              </Text>
            ) : null}
          </View>
        </View>
      </View>

      {error ? <View className="card error-text">{error}</View> : null}

      {me ? <IdentitySwitcher me={me} onSwitched={setMe} /> : null}

      <ListGroup>
        <ListRow
          title={subject?.kind === "enterprise" ? "企业信用" : "信用分"}
          extra={<Text className="mine__score">{me?.creditScore ?? "--"}</Text>}
          testId="mine-credit"
          onClick={() => void goTab("credit")}
        />
        <ListRow
          title="实名认证"
          extra={
            me?.identity?.verified ? (
              <Text className="mine__subject-id" data-testid="mine-subject-id">
                {me.identity.idMasked ?? ""}
              </Text>
            ) : (
              <Text className="mine__unbound">未认证</Text>
            )
          }
          testId="mine-realname"
          data={{ bound: me?.identity?.verified ? "true" : "false" }}
          onClick={() => void openBind("citizen")}
        />
        <ListRow
          title="企业认证"
          extra={enterprises ? `可代表 ${enterprises} 家企业` : "法定代表人绑定 · 经办人授权"}
          testId="mine-enterprise"
          data={{ bound: enterprises ? "true" : "false" }}
          onClick={() => void openBind("enterprise")}
        />
        <ListRow title="授权管理" extra="查询授权与记录" testId="mine-consent" onClick={() => void openConsent()} />
      </ListGroup>

      <ListGroup className="mine__group-second">
        <ListRow
          title="消息"
          extra={
            unread ? (
              <Text className="mine__unread" data-testid="mine-messages-unread">
                {badgeText(unread)}
              </Text>
            ) : (
              "办理进度与提醒"
            )
          }
          testId="mine-messages"
          // Empty until the count has come back, so a reader can tell "none" from "not yet".
          data={{ unread: unread === undefined ? "" : String(unread) }}
          onClick={() => void openMessages()}
        />
        <ListRow title="我的承诺" extra="信易批 · 签署承诺与补齐期限" testId="mine-commitments" onClick={() => void openCommitments()} />
      </ListGroup>

      <View className="section-title mine__group-second">信易贷</View>
      <ListGroup>
        <ListRow title="我的贷款申请" extra="进度、授信与放款" testId="mine-loan-applications" onClick={() => void openLoanApplications()} />
        {me?.role === "enterprise" ? (
          <ListRow title="融资需求" extra="发布需求，银行接单报价" testId="mine-loan-demand" onClick={() => void openLoanDemand()} />
        ) : null}
        <ListRow title="贷款产品" extra="查看我可贷的额度和利率" testId="mine-loans" onClick={() => void openLoans()} />
      </ListGroup>

      <ListGroup className="mine__group-second">
        <ListRow title="所在州市" extra={me?.prefectureName ?? "未选择"} testId="mine-prefecture" onClick={() => void goRegion("mine")} />
        <ListRow title="账号类型" extra={me ? ROLE_LABELS[me.role] : ""} />
      </ListGroup>

      <View className="section-title mine__group-second">隐私与账号</View>
      <ListGroup>
        <ListRow title="用户协议与隐私政策" extra="查看" testId="mine-privacy-documents" onClick={() => void openDocuments()} />
        <ListRow title="敏感个人信息授权" extra="同意或撤回" testId="mine-privacy" onClick={() => void openPrivacy()} />
        <ListRow title="注销账号" testId="mine-close-account" onClick={() => void openCloseAccount()} />
      </ListGroup>

      <View className="mine__logout">
        <Button data-testid="logout-button" block size="large" loading={leaving} onClick={onLogout}>
          退出登录
        </Button>
      </View>

      <TabBar current="mine" />
    </View>
  );
}
