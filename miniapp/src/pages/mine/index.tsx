import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Cell } from "@nutui/nutui-react-taro";
import { ROLE_LABELS, type TMe } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { getMe, logout } from "../../api/endpoints";
import { TAB_PAGE_CLASS, TabBar } from "../../components/TabBar";
import { goLogin, goRegion } from "../../lib/nav";
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

  return (
    <View className={`${TAB_PAGE_CLASS} mine`} data-testid="mine-page">
      <View className="mine__profile">
        <View className="mine__avatar">{initial}</View>
        <View>
          <View className="mine__name" data-testid="mine-name">
            {me?.displayName ?? "—"}
          </View>
          <View className="mine__phone">{me?.phoneMasked ?? ""}</View>
        </View>
      </View>

      {error ? <View className="card error-text">{error}</View> : null}

      <View className="mine__cells">
        <Cell title="信用分" extra={<Text className="mine__score">{me?.creditScore ?? "--"}</Text>} />
        <Cell
          title="所在州市"
          extra={me?.prefectureName ?? "未选择"}
          clickable
          data-testid="mine-prefecture"
          onClick={() => void goRegion("mine")}
        />
        <Cell title="账号类型" extra={me ? ROLE_LABELS[me.role] : ""} />
      </View>

      <View className="mine__logout">
        <Button data-testid="logout-button" block size="large" loading={leaving} onClick={onLogout}>
          退出登录
        </Button>
      </View>

      <TabBar current="mine" />
    </View>
  );
}
