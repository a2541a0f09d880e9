import { useEffect, useRef, useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Input } from "@nutui/nutui-react-taro";
import { ArrowDown, ArrowUp, ShieldCheck, SuccessF } from "@nutui/icons-react-taro";
import {
  prefectureName,
  ZEnterpriseBindRequest,
  ZRealNameBindRequest,
  type TMe,
  type TPrefectureCode,
} from "@xinyi/shared";
import type { z } from "zod";
import { ApiError, formErrorMessage } from "../../api/client";
import { bindEnterprise, bindRealName, getMe } from "../../api/endpoints";
import { PrefectureGrid } from "../../components/PrefectureGrid";
import { goTab, type BindMode } from "../../lib/nav";
import { getCachedUser } from "../../lib/session";
import { useMeOnShow } from "../../lib/usePageLoad";
import "./index.scss";

interface FormError {
  /** Counts submissions, so a test can tell this attempt's message from the last one's. */
  seq: number;
  message: string;
}

/** The message of the first failing field, in the order the form shows them. */
function firstIssue(error: z.ZodError, order: string[]): string {
  const issues = [...error.issues].sort((a, b) => {
    const ia = order.indexOf(String(a.path[0] ?? ""));
    const ib = order.indexOf(String(b.path[0] ?? ""));
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return issues[0]?.message ?? "请检查填写的内容";
}

function BoundCard({ me }: { me: TMe }) {
  const s = me.subject!;
  const citizen = s.kind === "citizen";
  return (
    <View className="card bind__done" data-testid="bind-done" data-kind={s.kind}>
      <View className="bind__done-head">
        <SuccessF size={28} color="#00a870" />
        <Text className="bind__done-title">{citizen ? "已完成实名认证" : "已完成企业认证"}</Text>
      </View>
      <View className="bind__row">
        <Text className="muted">{citizen ? "姓名" : "企业名称"}</Text>
        <Text className="bind__row-value" data-testid="bind-subject-name">
          {s.name}
        </Text>
      </View>
      {citizen ? (
        <View className="bind__row">
          <Text className="muted">身份证号</Text>
          <Text className="bind__row-value bind__mono" data-testid="bind-id-masked">
            {s.idMasked ?? ""}
          </Text>
        </View>
      ) : (
        <View className="bind__row">
          <Text className="muted">统一社会信用代码</Text>
          <Text className="bind__row-value bind__mono" data-testid="bind-uscc">
            {s.uscc ?? ""}
          </Text>
        </View>
      )}
      <View className="bind__notice bind__notice--plain">
        <ShieldCheck size={14} color="#86909c" />
        <Text>
          {citizen ? "身份证号码已加密保存，任何页面只显示脱敏后的号码。" : "本账号现以企业身份使用信易+，可查看企业信用并管理查询授权。"}
        </Text>
      </View>
      <Button data-testid="bind-goto-credit" type="primary" block size="large" onClick={() => void goTab("credit")}>
        {citizen ? "查看我的信用" : "查看企业信用"}
      </Button>
    </View>
  );
}

export default function BindPage() {
  const { params } = useRouter();
  const [mode, setMode] = useState<BindMode>(params.mode === "enterprise" ? "enterprise" : "citizen");
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<FormError>();
  const seq = useRef(0);

  // 实名认证
  const [name, setName] = useState("");
  const [idNumber, setIdNumber] = useState("");

  // 企业认证
  const [uscc, setUscc] = useState("");
  const [entName, setEntName] = useState("");
  const [legalName, setLegalName] = useState("");
  const [legalId, setLegalId] = useState("");
  const [prefecture, setPrefecture] = useState<TPrefectureCode | undefined>(() => getCachedUser()?.prefectureCode);
  const [choosingPrefecture, setChoosingPrefecture] = useState(false);

  useMeOnShow(
    (profile) => {
      setMe(profile);
      setPrefecture((p) => p ?? profile.prefectureCode);
      setLoadError(undefined);
      setLoaded(true);
    },
    (message) => {
      setLoadError(message);
      setLoaded(true);
    },
  );

  const bound = me?.subject ? me : undefined;

  useEffect(() => {
    const title = bound ? (bound.subject!.kind === "citizen" ? "实名认证" : "企业认证") : mode === "citizen" ? "实名认证" : "企业认证";
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [mode, bound]);

  function fail(message: string) {
    seq.current += 1;
    setError({ seq: seq.current, message });
  }

  function switchMode(next: BindMode) {
    if (next === mode) return;
    setMode(next);
    setError(undefined);
  }

  async function onSubmitCitizen() {
    if (submitting) return;
    const parsed = ZRealNameBindRequest.safeParse({ name, idNumber });
    if (!parsed.success) {
      fail(firstIssue(parsed.error, ["name", "idNumber"]));
      return;
    }
    setError(undefined);
    setSubmitting(true);
    try {
      const profile = await bindRealName(parsed.data);
      setMe(profile);
      setIdNumber("");
      void Taro.showToast({ title: "实名认证成功", icon: "success", duration: 1500 });
    } catch (e) {
      fail(formErrorMessage(e));
      if (e instanceof ApiError && e.code === "SUBJECT_ALREADY_BOUND") void getMe().then(setMe, () => undefined);
    } finally {
      setSubmitting(false);
    }
  }

  async function onSubmitEnterprise() {
    if (submitting) return;
    const parsed = ZEnterpriseBindRequest.safeParse({
      uscc,
      name: entName,
      legalRepName: legalName,
      legalRepIdNumber: legalId,
      prefectureCode: prefecture,
    });
    if (!parsed.success) {
      const message = firstIssue(parsed.error, ["uscc", "name", "legalRepName", "legalRepIdNumber", "prefectureCode"]);
      fail(parsed.error.issues.some((i) => i.path[0] === "prefectureCode") && !prefecture ? "请选择企业所在州市" : message);
      return;
    }
    setError(undefined);
    setSubmitting(true);
    try {
      const profile = await bindEnterprise(parsed.data);
      setMe(profile);
      setLegalId("");
      void Taro.showToast({ title: "企业认证成功", icon: "success", duration: 1500 });
    } catch (e) {
      fail(formErrorMessage(e));
      if (e instanceof ApiError && e.code === "SUBJECT_ALREADY_BOUND") void getMe().then(setMe, () => undefined);
    } finally {
      setSubmitting(false);
    }
  }

  // Settled only once /me has answered: the cached profile may predate a binding.
  const pageState = !loaded ? "loading" : bound ? "bound" : me ? "form" : "error";

  const errorView = error ? (
    <View className="bind__error" data-testid={mode === "citizen" ? "bind-error" : "ent-error"} data-seq={String(error.seq)}>
      {error.message}
    </View>
  ) : null;

  return (
    <View className="page bind" data-testid="bind-page" data-state={pageState} data-mode={mode}>
      {loadError && !me ? (
        <View className="card error-text" data-testid="bind-load-error">
          {loadError}
        </View>
      ) : null}

      {bound ? <BoundCard me={bound} /> : null}

      {!bound && me ? (
        <View>
          <View className="bind__modes">
            <View
              className={`bind__mode${mode === "citizen" ? " bind__mode--active" : ""}`}
              data-testid="bind-mode-citizen"
              onClick={() => switchMode("citizen")}
            >
              个人实名认证
            </View>
            <View
              className={`bind__mode${mode === "enterprise" ? " bind__mode--active" : ""}`}
              data-testid="bind-mode-enterprise"
              onClick={() => switchMode("enterprise")}
            >
              企业认证
            </View>
          </View>

          {mode === "citizen" ? (
            <View className="card bind__form" data-testid="bind-form">
              <View className="bind__intro">
                填写本人身份证上的姓名和号码。认证后，政府部门归集的您名下的公共信用信息将与本账号关联，用于计算信用分和领取守信激励权益。
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
                  onChange={(v) => setIdNumber(v.replace(/\s/g, "").toUpperCase())}
                  clearable
                />
              </View>
              <View className="bind__notice" data-testid="bind-notice">
                <ShieldCheck size={14} color="#1f5eff" />
                <Text>您的身份证号码将加密保存，仅用于核验身份和关联信用记录；页面只显示脱敏后的号码（如 5301**********1234）。</Text>
              </View>
              {errorView}
              <Button data-testid="bind-submit" type="primary" block size="large" loading={submitting} onClick={onSubmitCitizen}>
                提交认证
              </Button>
            </View>
          ) : (
            <View className="card bind__form" data-testid="ent-form">
              <View className="bind__intro">
                以法定代表人身份为企业认证。认证后本账号将以企业身份使用信易+，可查看企业公共信用综合评价并管理查询授权；每个账号只能认证一次。
              </View>
              <View className="bind__label">统一社会信用代码</View>
              <View className="bind__field">
                <Input
                  data-testid="ent-uscc"
                  placeholder="18位，不含 I、O、S、V、Z"
                  maxLength={18}
                  value={uscc}
                  onChange={(v) => setUscc(v.replace(/\s/g, "").toUpperCase())}
                  clearable
                />
              </View>
              <View className="bind__label">企业名称</View>
              <View className="bind__field">
                <Input data-testid="ent-name" placeholder="与营业执照一致" maxLength={100} value={entName} onChange={setEntName} clearable />
              </View>
              <View className="bind__label">法定代表人姓名</View>
              <View className="bind__field">
                <Input data-testid="ent-legal-name" placeholder="与身份证一致" maxLength={30} value={legalName} onChange={setLegalName} clearable />
              </View>
              <View className="bind__label">法定代表人身份证号码</View>
              <View className="bind__field">
                <Input
                  data-testid="ent-legal-id"
                  type="idcard"
                  placeholder="18位居民身份证号码"
                  maxLength={18}
                  value={legalId}
                  onChange={(v) => setLegalId(v.replace(/\s/g, "").toUpperCase())}
                  clearable
                />
              </View>
              <View className="bind__label">所在州市</View>
              <View className="bind__select" data-testid="ent-prefecture" onClick={() => setChoosingPrefecture((v) => !v)}>
                <Text className={prefecture ? "" : "muted"}>{prefecture ? prefectureName(prefecture) : "请选择企业登记所在州市"}</Text>
                {choosingPrefecture ? <ArrowUp size={12} color="#86909c" /> : <ArrowDown size={12} color="#86909c" />}
              </View>
              {choosingPrefecture ? (
                <View className="bind__prefectures">
                  <PrefectureGrid
                    compact
                    value={prefecture}
                    testIdPrefix="ent-prefecture-option-"
                    onChange={(code) => {
                      setPrefecture(code);
                      setChoosingPrefecture(false);
                    }}
                  />
                </View>
              ) : null}
              <View className="bind__notice">
                <ShieldCheck size={14} color="#1f5eff" />
                <Text>法定代表人身份证号码加密保存，仅用于核验，不会完整显示。</Text>
              </View>
              {errorView}
              <Button data-testid="ent-submit" type="primary" block size="large" loading={submitting} onClick={onSubmitEnterprise}>
                提交企业认证
              </Button>
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}
