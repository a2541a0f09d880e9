import { useState } from "react";
import Taro from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ACCOUNT_CLOSURE_DELETES, ACCOUNT_CLOSURE_KEEPS } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { closeAccount } from "../../api/privacy";
import { CheckRow } from "../../components/CheckRow";
import "./index.scss";

/** 注销账号: says exactly what is deleted and what the law makes us keep, then closes on confirmation. */
export default function CloseAccountPage() {
  const [understood, setUnderstood] = useState(false);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<string>();

  async function onClose() {
    if (closing) return;
    if (!understood) {
      setError("请先勾选确认已了解注销后删除和保留的内容");
      return;
    }
    const { confirm } = await Taro.showModal({
      title: "确认注销",
      content: "注销后账号不可恢复，所有设备立即退出登录。确定注销吗？",
      confirmText: "注销",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setError(undefined);
    setClosing(true);
    try {
      await closeAccount();
      await Taro.reLaunch({ url: "/pages/login/index" });
      void Taro.showToast({ title: "账号已注销", icon: "success", duration: 2000 });
    } catch (e) {
      setError(errorMessage(e));
      setClosing(false);
    }
  }

  return (
    <View className="page close-account" data-testid="close-account-page">
      <View className="close-account__warn">注销是不可恢复的操作。请阅读以下说明。</View>

      <View className="card" data-testid="close-account-deletes">
        <View className="close-account__title">注销后删除</View>
        {ACCOUNT_CLOSURE_DELETES.map((line) => (
          <View key={line} className="close-account__item">
            {line}
          </View>
        ))}
      </View>

      <View className="card" data-testid="close-account-keeps">
        <View className="close-account__title">依法保留</View>
        {ACCOUNT_CLOSURE_KEEPS.map((line) => (
          <View key={line} className="close-account__item">
            {line}
          </View>
        ))}
        <View className="muted close-account__note">保留的信息不再与手机号、微信关联，期满后删除或匿名化。</View>
      </View>

      <View className="card">
        <CheckRow checked={understood} onChange={setUnderstood} testId="close-account-understood">
          我已了解注销后删除和保留的内容，确认注销本账号
        </CheckRow>
      </View>

      {error ? (
        <View className="error-text close-account__error" data-testid="close-account-error">
          {error}
        </View>
      ) : null}

      <Button data-testid="close-account-submit" type="danger" block size="large" loading={closing} onClick={onClose}>
        注销账号
      </Button>
    </View>
  );
}
