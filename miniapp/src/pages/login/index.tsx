import { useEffect, useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Input } from "@nutui/nutui-react-taro";
import { ZMainlandPhone, ZPhoneLoginRequest, type TMe } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { phoneLogin, sendOtp, wechatLogin } from "../../api/endpoints";
import { continueAfterLogin } from "../../lib/agreements";
import "./index.scss";

const isWeapp = process.env.TARO_ENV === "weapp";

/** Where a freshly signed-in user goes: the agreements when not accepted, then a prefecture if the profile has none. */
function afterLogin(user: TMe): void {
  void continueAfterLogin(user);
}

/** Space for the status bar and the capsule button on weapp (the page has no navigation bar). */
function headerPaddingTop(): number {
  if (!isWeapp) return 0;
  try {
    const rect = Taro.getMenuButtonBoundingClientRect();
    return rect.bottom + 8;
  } catch {
    return 64;
  }
}

export default function LoginPage() {
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [devCode, setDevCode] = useState<string>();
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [wechatBusy, setWechatBusy] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const timer = useRef<ReturnType<typeof setInterval>>();
  const [paddingTop] = useState(headerPaddingTop);

  useEffect(() => () => clearInterval(timer.current), []);

  function startCountdown(seconds: number) {
    clearInterval(timer.current);
    setCountdown(seconds);
    timer.current = setInterval(() => {
      setCountdown((s) => {
        if (s <= 1) {
          clearInterval(timer.current);
          return 0;
        }
        return s - 1;
      });
    }, 1000);
  }

  async function onSendCode() {
    if (sending || countdown > 0) return;
    const parsed = ZMainlandPhone.safeParse(phone);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "请输入11位中国大陆手机号");
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      const res = await sendOtp(parsed.data);
      setDevCode(res.devCode);
      setNotice(res.devCode ? undefined : "验证码已发送，请注意查收短信");
      startCountdown(res.resendAfterSeconds > 0 ? res.resendAfterSeconds : 60);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  }

  async function onSubmit() {
    if (submitting) return;
    const parsed = ZPhoneLoginRequest.safeParse({ phone, code });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "请检查手机号和验证码");
      return;
    }
    setError(undefined);
    setSubmitting(true);
    try {
      const session = await phoneLogin(parsed.data.phone, parsed.data.code);
      afterLogin(session.user);
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  }

  async function onWechatLogin() {
    if (wechatBusy) return;
    setError(undefined);
    setWechatBusy(true);
    try {
      const { code: wxCode } = await Taro.login();
      if (!wxCode) throw new Error("wx.login returned no code");
      const session = await wechatLogin(wxCode);
      afterLogin(session.user);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "微信登录失败，请改用手机号登录");
      setWechatBusy(false);
    }
  }

  const sendLabel = sending ? "发送中…" : countdown > 0 ? `${countdown}秒后重发` : devCode || notice ? "重新获取" : "获取验证码";

  return (
    <View className="login" data-testid="login-page">
      <View className="login__hero" style={{ paddingTop: `${paddingTop}px` }}>
        <View className="login__logo">信易+</View>
        <View className="login__slogan">守信者处处受益 · 云南公共信用惠民服务</View>
      </View>

      <View className="login__card">
        <View className="login__title">手机号登录</View>

        <View className="login__field">
          <Input
            data-testid="login-phone"
            type="number"
            placeholder="请输入手机号"
            maxLength={11}
            value={phone}
            onChange={(v) => setPhone(v.replace(/\D/g, ""))}
            clearable
          />
        </View>

        <View className="login__field login__field--code">
          <Input
            className="login__code-input"
            data-testid="login-code"
            type="number"
            placeholder="6位验证码"
            maxLength={6}
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, ""))}
          />
          <Button
            className="login__send"
            data-testid="login-send-code"
            size="small"
            fill="outline"
            type="primary"
            disabled={sending || countdown > 0}
            onClick={onSendCode}
          >
            {sendLabel}
          </Button>
        </View>

        {devCode ? (
          <View className="login__devcode" data-testid="dev-code">
            演示环境验证码：<Text className="login__devcode-value">{devCode}</Text>
          </View>
        ) : null}
        {notice ? <View className="login__notice">{notice}</View> : null}
        {error ? (
          <View className="login__error" data-testid="login-error">
            {error}
          </View>
        ) : null}

        <Button
          className="login__submit"
          data-testid="login-submit"
          type="primary"
          block
          size="large"
          loading={submitting}
          onClick={onSubmit}
        >
          登录
        </Button>

        {isWeapp ? (
          <View className="login__wechat">
            <View className="login__divider">
              <Text className="login__divider-text">或</Text>
            </View>
            <Button
              data-testid="login-wechat"
              block
              size="large"
              fill="outline"
              loading={wechatBusy}
              onClick={onWechatLogin}
            >
              微信一键登录
            </Button>
          </View>
        ) : null}

        <View className="login__hint">未注册的手机号验证后将自动创建账号</View>
      </View>
    </View>
  );
}
