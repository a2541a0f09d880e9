import { useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { Picker, Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ArrowRight, Check } from "@nutui/icons-react-taro";
import { CONSENT_PURPOSES, CONSENT_PURPOSE_HINTS, CONSENT_PURPOSE_LABELS, ZConsentGrantRequest, type TConsentGrant, type TConsentPurpose } from "@xinyi/shared";
import { errorMessage, formErrorMessage } from "../../api/client";
import { grantConsent, listConsents, listPartners, listReportAccesses, revokeConsent } from "../../api/endpoints";
import { BindPrompt } from "../../components/BindPrompt";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import {
  CONSENT_DEFAULT_DAYS,
  CONSENT_MAX_DAYS,
  CONSENT_STATUS_LABELS,
  PARTNER_KIND_LABELS,
  dayAfter,
  type TPartner,
  type TReportAccess,
} from "../../lib/credit";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageLoad } from "../../lib/usePageLoad";
import "./index.scss";

const QUICK_DAYS: { days: number; label: string }[] = [
  { days: 7, label: "7天" },
  { days: 30, label: "30天" },
  { days: 90, label: "90天" },
  { days: CONSENT_MAX_DAYS, label: "1年" },
];

const STATUS_ORDER: Record<TConsentGrant["status"], number> = { active: 0, expired: 1, revoked: 1 };

/** 有效 grants first, each group newest first. */
function sortGrants(list: TConsentGrant[]): TConsentGrant[] {
  return [...list].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Date.parse(b.grantedAt) - Date.parse(a.grantedAt));
}

interface FormError {
  seq: number;
  message: string;
}

function GrantItem({ grant, busy, onRevoke }: { grant: TConsentGrant; busy: boolean; onRevoke: (g: TConsentGrant) => void }) {
  return (
    <View
      className={`grant grant--${grant.status}`}
      data-testid={`consent-item-${grant.id}`}
      data-status={grant.status}
      data-partner={grant.partnerName}
    >
      <View className="grant__head">
        <Text className="grant__partner" data-testid="consent-partner-name">
          {grant.partnerName}
        </Text>
        <Text className={`grant__status grant__status--${grant.status}`} data-testid="consent-status">
          {CONSENT_STATUS_LABELS[grant.status]}
        </Text>
      </View>
      <View className="grant__purpose" data-testid="grant-purpose" data-purpose={grant.purpose}>
        用途：{grant.purposeLabel}
      </View>
      <View className="grant__meta">
        {grant.status === "revoked" && grant.revokedAt
          ? `${formatDate(grant.grantedAt)} 授权 · ${formatDate(grant.revokedAt)} 已撤销`
          : `${formatDate(grant.grantedAt)} 授权 · 有效期至 ${formatDate(grant.validUntil)}`}
      </View>
      {grant.status === "active" ? (
        <View className="grant__actions">
          <Button
            data-testid={`consent-revoke-${grant.id}`}
            size="small"
            fill="outline"
            type="danger"
            loading={busy}
            onClick={() => onRevoke(grant)}
          >
            撤销授权
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function AccessItem({ access }: { access: TReportAccess }) {
  return (
    <View
      className="access"
      data-testid={`access-item-${access.id}`}
      data-granted={access.granted ? "true" : "false"}
      data-partner={access.partnerName}
    >
      <View className="access__main">
        <View className="access__partner">{access.partnerName}</View>
        <View className="access__purpose" data-purpose={access.purpose}>
          用途：{access.purposeLabel}
        </View>
        <View className="access__time">{formatDateTime(access.at)}</View>
      </View>
      <Text className={`access__tag access__tag--${access.granted ? "granted" : "denied"}`} data-testid="access-result">
        {access.granted ? "已授权" : "被拒绝"}
      </Text>
    </View>
  );
}

export default function ConsentPage() {
  const [grants, setGrants] = useState<TConsentGrant[]>();
  const [accesses, setAccesses] = useState<TReportAccess[]>();
  const [partners, setPartners] = useState<TPartner[]>([]);
  const [revoking, setRevoking] = useState<string>();

  const [showForm, setShowForm] = useState(false);
  const [partnerId, setPartnerId] = useState<string>();
  const [purpose, setPurpose] = useState<TConsentPurpose>();
  const [validUntil, setValidUntil] = useState(() => dayAfter(CONSENT_DEFAULT_DAYS));
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError>();
  const seq = useRef(0);

  const { state, error, load } = usePageLoad(
    async () => {
      const [g, a, p] = await Promise.all([listConsents(), listReportAccesses(), listPartners()]);
      setGrants(sortGrants(g));
      setAccesses(a);
      setPartners(p);
    },
    { onUnbound: () => undefined },
  );

  function fail(message: string) {
    seq.current += 1;
    setFormError({ seq: seq.current, message });
  }

  function openForm() {
    setShowForm(true);
    setFormError(undefined);
    setValidUntil(dayAfter(CONSENT_DEFAULT_DAYS));
  }

  async function onSubmit() {
    if (submitting) return;
    if (!partnerId) {
      fail("请选择被授权的机构");
      return;
    }
    const min = dayAfter(1);
    const max = dayAfter(CONSENT_MAX_DAYS);
    if (validUntil < min || validUntil > max) {
      fail("授权截止日期须在今天之后、一年之内");
      return;
    }
    if (!purpose) {
      fail("请选择查询用途");
      return;
    }
    const parsed = ZConsentGrantRequest.safeParse({ partnerId, purpose, validUntil });
    if (!parsed.success) {
      fail(parsed.error.issues[0]?.message ?? "请检查填写的内容");
      return;
    }
    setFormError(undefined);
    setSubmitting(true);
    try {
      const created = await grantConsent(parsed.data);
      setGrants((list) => sortGrants([created, ...(list ?? []).filter((g) => g.id !== created.id)]));
      setShowForm(false);
      setPurpose(undefined);
      setPartnerId(undefined);
      void Taro.showToast({ title: "授权成功", icon: "success", duration: 1500 });
    } catch (e) {
      fail(formErrorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  async function onRevoke(grant: TConsentGrant) {
    if (revoking) return;
    const { confirm } = await Taro.showModal({
      title: "撤销授权",
      content: `撤销后，「${grant.partnerName}」将不能再查询您的信用报告。确定撤销吗？`,
      confirmText: "撤销",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setRevoking(grant.id);
    try {
      const updated = await revokeConsent(grant.id);
      setGrants((list) => (list ?? []).map((g) => (g.id === updated.id ? updated : g)));
      void Taro.showToast({ title: "已撤销", icon: "success", duration: 1200 });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: "none", duration: 2500 });
    } finally {
      setRevoking(undefined);
    }
  }

  const activeCount = (grants ?? []).filter((g) => g.status === "active").length;

  return (
    <View className="page consent" data-testid="consent-page" data-state={state}>
      {state === "unbound" ? <BindPrompt title="完成实名认证后，可管理信用报告的查询授权" testId="consent-unbound" buttonTestId="consent-bind" /> : null}

      {state === "error" ? <LoadError message={error} testId="consent-load-error" onRetry={() => void load()} /> : null}

      {!grants && state === "loading" ? <LoadingCards count={2} /> : null}

      {grants && state !== "unbound" ? (
        <View>
          <View className="consent__intro">
            合作机构（银行、景区、租赁等）查询您的信用报告须经您授权，并限定用途和期限。您可以随时撤销授权；每一次查询（包括被拒绝的）都会记录在下方。
          </View>

          <View className="consent__section-head">
            <Text className="consent__section-title">我的授权</Text>
            <Text className="muted">{activeCount} 项有效</Text>
          </View>

          {!showForm ? (
            <Button className="consent__new" data-testid="consent-new" type="primary" fill="outline" block onClick={openForm}>
              ＋ 新增授权
            </Button>
          ) : (
            <View className="card consent__form" data-testid="consent-form">
              <View className="consent__form-title">新增授权</View>
              <View className="consent__label">被授权机构</View>
              {partners.length === 0 ? (
                <View className="muted consent__none">暂无可授权的机构</View>
              ) : (
                <View className="consent__partners" data-testid="consent-partner">
                  {partners.map((p) => {
                    const active = p.id === partnerId;
                    return (
                      <View
                        key={p.id}
                        className={`consent__partner${active ? " consent__partner--active" : ""}`}
                        data-testid={`consent-partner-option-${p.id}`}
                        data-name={p.name}
                        onClick={() => setPartnerId(p.id)}
                      >
                        <View>
                          <View className="consent__partner-name">{p.name}</View>
                          <View className="consent__partner-kind">{PARTNER_KIND_LABELS[p.kind] ?? "合作机构"}</View>
                        </View>
                        {active ? <Check size={16} color="#1f5eff" /> : null}
                      </View>
                    );
                  })}
                </View>
              )}

              <View className="consent__label">查询用途</View>
              <View className="consent__partners" data-testid="consent-purpose">
                {CONSENT_PURPOSES.map((p) => (
                  <View
                    key={p}
                    className={`consent__partner${p === purpose ? " consent__partner--active" : ""}`}
                    data-testid={`consent-purpose-option-${p}`}
                    data-label={CONSENT_PURPOSE_LABELS[p]}
                    onClick={() => setPurpose(p)}
                  >
                    <View>
                      <View className="consent__partner-name">{CONSENT_PURPOSE_LABELS[p]}</View>
                      <View className="consent__partner-kind">{CONSENT_PURPOSE_HINTS[p]}</View>
                    </View>
                    {p === purpose ? <Check size={16} color="#1f5eff" /> : null}
                  </View>
                ))}
              </View>
              <View className="muted consent__hint">机构只能按所选用途查询；用于其他用途的查询会被拒绝并记录。</View>

              <View className="consent__label">有效期至</View>
              <View className="consent__days">
                {QUICK_DAYS.map((q) => {
                  const day = dayAfter(q.days);
                  return (
                    <View
                      key={q.days}
                      className={`consent__day${validUntil === day ? " consent__day--active" : ""}`}
                      data-testid={`consent-days-${q.days}`}
                      onClick={() => setValidUntil(day)}
                    >
                      {q.label}
                    </View>
                  );
                })}
              </View>
              <Picker mode="date" value={validUntil} start={dayAfter(1)} end={dayAfter(CONSENT_MAX_DAYS)} onChange={(e) => setValidUntil(String(e.detail.value))}>
                <View className="consent__date" data-testid="consent-valid-until" data-value={validUntil}>
                  <Text>{validUntil}</Text>
                  <Text className="consent__date-hint">
                    选择日期 <ArrowRight size={10} color="#86909c" />
                  </Text>
                </View>
              </Picker>
              <View className="muted consent__hint">最长一年；到期后授权自动失效。</View>

              {formError ? (
                <View className="consent__form-error" data-testid="consent-error" data-seq={String(formError.seq)}>
                  {formError.message}
                </View>
              ) : null}

              <View className="consent__form-actions">
                <Button data-testid="consent-cancel" fill="outline" onClick={() => setShowForm(false)}>
                  取消
                </Button>
                <Button data-testid="consent-submit" type="primary" loading={submitting} onClick={onSubmit}>
                  确认授权
                </Button>
              </View>
            </View>
          )}

          {grants.length === 0 ? (
            <View className="card muted consent__empty" data-testid="consent-empty">
              您还没有授权任何机构查询信用报告
            </View>
          ) : (
            <View className="card consent__list" data-testid="consent-list">
              {grants.map((g) => (
                <GrantItem key={g.id} grant={g} busy={revoking === g.id} onRevoke={(x) => void onRevoke(x)} />
              ))}
            </View>
          )}

          <View className="consent__section-head">
            <Text className="consent__section-title">查询记录</Text>
            <Text className="muted">共 {accesses?.length ?? 0} 次</Text>
          </View>
          {(accesses ?? []).length === 0 ? (
            <View className="card muted consent__empty" data-testid="access-empty">
              还没有机构查询过您的信用报告
            </View>
          ) : (
            <View className="card consent__list" data-testid="access-list">
              {(accesses ?? []).map((a) => (
                <AccessItem key={a.id} access={a} />
              ))}
            </View>
          )}
          <View className="muted consent__hint">“被拒绝”表示机构在没有您有效授权时尝试查询，未获得任何信息。</View>
        </View>
      ) : null}
    </View>
  );
}
