import { useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { ScrollView, Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ArrowRight } from "@nutui/icons-react-taro";
import { PRIVACY_DOCUMENT_KINDS, type TPrivacyDocument, type TPrivacyDocumentKind, type TPrivacyStatus } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { logout } from "../../api/endpoints";
import { acceptPrivacy, getPrivacyDocuments, getPrivacyStatus } from "../../api/privacy";
import { CheckRow } from "../../components/CheckRow";
import { DocumentText } from "../../components/DocumentText";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { goOnAfterAgreement } from "../../lib/agreements";
import { goLogin } from "../../lib/nav";
import { isSignedIn } from "../../lib/session";
import "./index.scss";

type State = "loading" | "ready" | "error";

/**
 * First use (and every new version): the user agreement and privacy notice, accepted together,
 * and the sensitive-information consent, asked for separately and optional: without it only
 * real-name verification and credit features are unavailable (PIPL arts. 16, 29).
 * With ?mode=read (from 我的) the documents are only shown.
 */
export default function AgreementPage() {
  const { params } = useRouter();
  const readOnly = params.mode === "read";
  const [state, setState] = useState<State>("loading");
  const [error, setError] = useState<string>();
  const [docs, setDocs] = useState<TPrivacyDocument[]>([]);
  const [status, setStatus] = useState<TPrivacyStatus>();
  const [reading, setReading] = useState<TPrivacyDocumentKind | undefined>(params.kind as TPrivacyDocumentKind | undefined);
  const [basic, setBasic] = useState(false);
  const [sensitive, setSensitive] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  async function load() {
    setState("loading");
    setError(undefined);
    try {
      const [d, s] = await Promise.all([getPrivacyDocuments(), !readOnly && isSignedIn() ? getPrivacyStatus() : Promise.resolve(undefined)]);
      setDocs(d);
      setStatus(s);
      setState("ready");
    } catch (e) {
      setError(errorMessage(e));
      setState("error");
    }
  }

  useDidShow(() => {
    if (!readOnly && !isSignedIn()) {
      goLogin();
      return;
    }
    void load();
  });

  const doc = (kind: TPrivacyDocumentKind) => docs.find((d) => d.kind === kind);
  const needBasic = status?.mustAccept ?? true;

  async function onAccept() {
    if (submitting) return;
    if (needBasic && !basic) {
      setFormError("请先阅读并勾选同意《用户协议》和《隐私政策》");
      return;
    }
    setFormError(undefined);
    setSubmitting(true);
    try {
      const body = {
        ...(needBasic ? { userAgreementVersion: doc("user_agreement")!.version, privacyNoticeVersion: doc("privacy_notice")!.version } : {}),
        ...(sensitive ? { sensitiveInfoVersion: doc("sensitive_info")!.version } : {}),
      };
      if (Object.keys(body).length > 0) await acceptPrivacy(body);
      await goOnAfterAgreement();
    } catch (e) {
      setFormError(errorMessage(e));
      setSubmitting(false);
      void load();
    }
  }

  async function onDecline() {
    const { confirm } = await Taro.showModal({
      title: "不同意",
      content: "不同意《用户协议》和《隐私政策》将无法使用信易+。确定退出登录吗？",
      confirmText: "退出登录",
      cancelText: "再看看",
    });
    if (!confirm) return;
    await logout();
    void Taro.reLaunch({ url: "/pages/login/index" });
  }

  const open = reading ? doc(reading) : undefined;
  if (open) {
    return (
      <View className="page agreement" data-testid="agreement-reader" data-kind={open.kind}>
        <View className="card agreement__reader">
          <DocumentText doc={open} />
        </View>
        <Button data-testid="agreement-reader-close" type="primary" block onClick={() => (readOnly && params.kind ? void Taro.navigateBack() : setReading(undefined))}>
          {readOnly ? "返回" : "我已阅读"}
        </Button>
      </View>
    );
  }

  return (
    <View className="page agreement" data-testid="agreement-page" data-state={state} data-mode={readOnly ? "read" : "accept"}>
      {state === "error" ? <LoadError message={error} testId="agreement-load-error" onRetry={() => void load()} /> : null}
      {state === "loading" && docs.length === 0 ? <LoadingCards count={2} /> : null}

      {state !== "error" && docs.length > 0 ? (
        <ScrollView scrollY className="agreement__body">
          {!readOnly ? (
            <View className="agreement__hero">
              <View className="agreement__welcome">{needBasic && status?.items.some((i) => i.acceptedVersion) ? "协议已更新" : "欢迎使用信易+"}</View>
              <View className="agreement__lead">
                我们依据《个人信息保护法》处理您的个人信息。请阅读以下文件，了解我们收集哪些信息、用于什么、向谁提供、保存多久，以及您如何查阅、更正、删除信息和撤回同意。
              </View>
            </View>
          ) : null}

          <View className="card agreement__docs">
            {PRIVACY_DOCUMENT_KINDS.map((kind) => {
              const d = doc(kind)!;
              const item = status?.items.find((i) => i.kind === kind);
              return (
                <View key={kind} className="agreement__doc" data-testid={`agreement-open-${kind}`} onClick={() => setReading(kind)}>
                  <View>
                    <View className="agreement__doc-title">《{d.title}》</View>
                    <View className="muted">
                      第{d.version}版{item?.acceptedVersion && item.acceptedVersion !== d.version ? ` · 您曾同意第${item.acceptedVersion}版` : ""}
                      {item?.current ? " · 已同意" : ""}
                    </View>
                  </View>
                  <Text className="agreement__read">
                    阅读 <ArrowRight size={10} color="#86909c" />
                  </Text>
                </View>
              );
            })}
          </View>

          {!readOnly ? (
            <View>
              {needBasic ? (
                <View className="card">
                  <CheckRow checked={basic} onChange={setBasic} testId="agreement-basic">
                    我已阅读并同意
                    <Text className="agreement__link" onClick={(e) => {
                      e.stopPropagation();
                      setReading("user_agreement");
                    }}>
                      《用户协议》
                    </Text>
                    和
                    <Text className="agreement__link" onClick={(e) => {
                      e.stopPropagation();
                      setReading("privacy_notice");
                    }}>
                      《隐私政策》
                    </Text>
                  </CheckRow>
                </View>
              ) : null}

              <View className="card agreement__sensitive" data-testid="agreement-sensitive-card">
                <View className="agreement__sensitive-title">敏感个人信息处理（单独同意）</View>
                <View className="agreement__sensitive-text">
                  实名认证需要处理您的<Text className="agreement__em">身份证号码</Text>，信用服务需要将<Text className="agreement__em">公共信用记录</Text>
                  关联到您本人。它们属于敏感个人信息，泄露可能影响您的名誉和获得金融、租赁服务的机会；我们加密存储、脱敏显示，只在您授权的用途和期限内向合作机构提供。
                  不同意不影响浏览和领取无需实名的服务，以后可在“我的—隐私与账号”中同意或撤回。
                </View>
                <CheckRow checked={sensitive} onChange={setSensitive} testId="agreement-sensitive">
                  我已阅读
                  <Text className="agreement__link" onClick={(e) => {
                      e.stopPropagation();
                      setReading("sensitive_info");
                    }}>
                    《敏感个人信息处理规则》
                  </Text>
                  ，同意处理我的身份证号码和信用信息
                </CheckRow>
              </View>

              {formError ? (
                <View className="agreement__error error-text" data-testid="agreement-error">
                  {formError}
                </View>
              ) : null}

              <View className="agreement__actions">
                <Button data-testid="agreement-accept" type="primary" block size="large" loading={submitting} disabled={state !== "ready"} onClick={onAccept}>
                  同意并继续
                </Button>
                {needBasic ? (
                  <Button data-testid="agreement-decline" block size="large" fill="none" onClick={onDecline}>
                    不同意
                  </Button>
                ) : null}
              </View>
            </View>
          ) : null}
        </ScrollView>
      ) : null}
    </View>
  );
}
