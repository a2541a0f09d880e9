import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ROLE_LABELS, type TMe } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { getMe, logout } from "../../api/endpoints";
import { ListGroup, ListRow } from "../../components/ListRow";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { subjectSummary } from "../../lib/credit";
import { goLogin, goRegion, goTab, openBind, openConsent } from "../../lib/nav";
import { getCachedUser, isSignedIn } from "../../lib/session";
import "./index.scss";

export default function MinePage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [error, setError] = useState<string>();
  const [leaving, setLeaving] = useState(false);

  useDidShow(() => {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    getMe().then(
      (profile) => {
        setMe(profile);
        setError(undefined);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
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
                {subject.kind === "citizen" ? "已实名" : "企业"}
              </Text>
            ) : null}
          </View>
        </View>
      </View>

      {error ? <View className="card error-text">{error}</View> : null}

      <ListGroup>
        <ListRow
          title="信用分"
          extra={<Text className="mine__score">{me?.creditScore ?? "--"}</Text>}
          testId="mine-credit"
          onClick={() => void goTab("credit")}
        />
        {subject ? (
          <ListRow
            title={subject.kind === "citizen" ? "实名认证" : "企业认证"}
            extra={
              <Text className="mine__subject-id" data-testid="mine-subject-id">
                {subject.id}
              </Text>
            }
            testId={subject.kind === "citizen" ? "mine-realname" : "mine-enterprise"}
            data={{ bound: "true" }}
            onClick={() => void openBind(subject.kind)}
          />
        ) : (
          <>
            <ListRow
              title="实名认证"
              extra={<Text className="mine__unbound">未认证</Text>}
              testId="mine-realname"
              data={{ bound: "false" }}
              onClick={() => void openBind("citizen")}
            />
            <ListRow
              title="企业认证"
              extra={<Text className="mine__unbound">未认证</Text>}
              testId="mine-enterprise"
              data={{ bound: "false" }}
              onClick={() => void openBind("enterprise")}
            />
          </>
        )}
        <ListRow title="授权管理" extra="查询授权与记录" testId="mine-consent" onClick={() => void openConsent()} />
      </ListGroup>

      <ListGroup className="mine__group-second">
        <ListRow title="所在州市" extra={me?.prefectureName ?? "未选择"} testId="mine-prefecture" onClick={() => void goRegion("mine")} />
        <ListRow title="账号类型" extra={me ? ROLE_LABELS[me.role] : ""} />
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
