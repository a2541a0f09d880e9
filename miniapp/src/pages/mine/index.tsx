import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ROLE_LABELS, type TMe } from "@xinyi/shared";
import { logout } from "../../api/endpoints";
import { ListGroup, ListRow } from "../../components/ListRow";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { subjectSummary } from "../../lib/credit";
import { goRegion, goTab, openBind, openConsent, type BindMode } from "../../lib/nav";
import { getCachedUser } from "../../lib/session";
import { useMeOnShow } from "../../lib/usePageLoad";
import "./index.scss";

const UNBOUND_ROWS: { mode: BindMode; title: string; testId: string }[] = [
  { mode: "citizen", title: "实名认证", testId: "mine-realname" },
  { mode: "enterprise", title: "企业认证", testId: "mine-enterprise" },
];

export default function MinePage() {
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [error, setError] = useState<string>();
  const [leaving, setLeaving] = useState(false);

  useMeOnShow((profile) => {
    setMe(profile);
    setError(undefined);
  }, setError);

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
          UNBOUND_ROWS.map((row) => (
            <ListRow
              key={row.mode}
              title={row.title}
              extra={<Text className="mine__unbound">未认证</Text>}
              testId={row.testId}
              data={{ bound: "false" }}
              onClick={() => void openBind(row.mode)}
            />
          ))
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
