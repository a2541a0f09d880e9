import { useEffect, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Input } from "@nutui/nutui-react-taro";
import { ShieldCheck } from "@nutui/icons-react-taro";
import { ZLegalRepBindRequest, type TMandate, type TMe } from "@xinyi/shared";
import { ApiError } from "../../api/client";
import { getMe } from "../../api/endpoints";
import { bindAsLegalRep, identityErrorMessage, listMyMandates } from "../../api/identity";
import { IdentityList } from "../../components/IdentityList";
import { firstIssue, normalizeCode, useFormError } from "./form";
import { MandateForm } from "./MandateForm";
import { MyMandates } from "./MyMandates";

/** Why the account may not bind the enterprise by itself, and so which mandate it may ask for. */
interface Refusal {
  uscc: string;
  enterpriseName?: string;
  adminOnly: boolean;
}

function refusalOf(e: unknown, uscc: string): Refusal | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const name = e.details?.enterpriseName;
  const enterpriseName = typeof name === "string" ? name : undefined;
  if (e.code === "ENTERPRISE_AUTHORITY_REQUIRED") return { uscc, enterpriseName, adminOnly: false };
  if (e.code === "ENTERPRISE_REVIEW_REQUIRED") return { uscc, enterpriseName, adminOnly: true };
  return undefined;
}

/** 企业认证 for a verified citizen: bind as the registered legal representative, or ask for a mandate. */
export function EnterpriseSection({ me, onMe, shownAt }: { me: TMe; onMe: (me: TMe) => void; shownAt: number }) {
  const [uscc, setUscc] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [mandates, setMandates] = useState<TMandate[]>([]);
  const [mandatesLoaded, setMandatesLoaded] = useState(false);
  const { error, fail, clear } = useFormError();

  function loadMandates() {
    setMandatesLoaded(false);
    listMyMandates()
      .then(setMandates, () => undefined)
      .finally(() => setMandatesLoaded(true));
  }

  // Every show of the page: a request may have been decided meanwhile.
  useEffect(loadMandates, [shownAt]);

  async function onBind() {
    if (submitting) return;
    const parsed = ZLegalRepBindRequest.safeParse({ uscc });
    if (!parsed.success) {
      fail(firstIssue(parsed.error, ["uscc"]));
      return;
    }
    clear();
    setRefusal(undefined);
    setSubmitting(true);
    try {
      const next = await bindAsLegalRep(parsed.data);
      setUscc("");
      void Taro.showToast({ title: "企业认证成功", icon: "success", duration: 1500 });
      onMe(next);
    } catch (e) {
      fail(identityErrorMessage(e));
      setRefusal(refusalOf(e, parsed.data.uscc));
      if (e instanceof ApiError && e.code === "IDENTITY_REQUIRED") void getMe().then(onMe, () => undefined);
    } finally {
      setSubmitting(false);
    }
  }

  const enterprises = (me.identities ?? []).filter((i) => i.kind === "enterprise");

  return (
    <View data-testid="ent-section" data-mandates={mandatesLoaded ? "ready" : "loading"}>
      {enterprises.length ? (
        <View className="card" data-testid="ent-held">
          <View className="section-title bind__form-title">我可代表的企业</View>
          <IdentityList me={me} only="enterprise" onSwitched={onMe} />
        </View>
      ) : null}

      <View className="card bind__form" data-testid="ent-form">
        <View className="bind__intro">
          法定代表人输入统一社会信用代码即可绑定企业：平台按登记信息核对您是否为该企业的法定代表人。其他员工可申请成为经办人，由法定代表人或州市管理员审批。
        </View>
        <View className="bind__label">统一社会信用代码</View>
        <View className="bind__field">
          <Input
            data-testid="ent-uscc"
            placeholder="18位，不含 I、O、S、V、Z"
            maxLength={18}
            value={uscc}
            onChange={(v) => {
              setUscc(normalizeCode(v));
              setRefusal(undefined);
            }}
            clearable
          />
        </View>
        <View className="bind__notice">
          <ShieldCheck size={14} color="#1f5eff" />
          <Text>以「{me.identity?.name ?? "本人"}」的实名身份办理，企业的法定代表人可随时查看和撤销代表企业的账号。</Text>
        </View>
        {error ? (
          <View className="bind__error" data-testid="ent-error" data-seq={String(error.seq)}>
            {error.message}
          </View>
        ) : null}
        <Button data-testid="ent-submit" type="primary" block size="large" loading={submitting} onClick={onBind}>
          以法定代表人身份绑定
        </Button>
      </View>

      {refusal ? (
        <MandateForm
          key={refusal.uscc}
          uscc={refusal.uscc}
          initialName={refusal.enterpriseName}
          adminOnly={refusal.adminOnly}
          defaultPrefecture={me.prefectureCode}
          onSubmitted={(m) => {
            setRefusal(undefined);
            clear();
            setMandates((prev) => [m, ...prev.filter((x) => x.id !== m.id)]);
          }}
        />
      ) : null}

      <MyMandates items={mandates} onChanged={(m) => setMandates((prev) => prev.map((x) => (x.id === m.id ? m : x)))} />
    </View>
  );
}
