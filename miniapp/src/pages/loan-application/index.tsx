import { useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { REPAYMENT_MODE_LABELS, type TLoanApplication } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { getAvailableLoanProduct, getMyLoanApplication, withdrawLoanApplication } from "../../api/loans";
import { DetailRow } from "../../components/DetailRow";
import { ApplicationHead } from "../../components/LoanApplicationCard";
import { LoanTermsRows } from "../../components/LoanTermsRows";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import {
  applicationTone,
  beijingDateTime,
  canWithdraw,
  chineseDate,
  eventLabel,
  promiseText,
  wan,
} from "../../lib/loans";
import { goLogin, openConsent, openLoanApplications } from "../../lib/nav";
import { isSignedIn } from "../../lib/session";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

function ResponsePromise({ a, responseDays }: { a: TLoanApplication; responseDays?: number }) {
  if (a.source === "demand") {
    return (
      <View className="card loan-app__promise" data-testid="loan-application-promise">
        通过融资需求对接：您接受了 {a.bankName} 的报价，银行已受理。
      </View>
    );
  }
  const late = a.responseOverdue;
  return (
    <View className={`card loan-app__promise${late ? " loan-app__promise--late" : ""}`} data-testid="loan-application-promise">
      <View data-testid="loan-application-promise-text">{promiseText(a, responseDays)}</View>
      {a.firstResponseAt ? <View className="loan-app__promise-sub">银行已于 {beijingDateTime(a.firstResponseAt)} 首次答复</View> : null}
      {late ? (
        <View className="loan-app__overdue" data-testid="loan-application-overdue">
          {a.firstResponseAt
            ? "银行的首次答复晚于承诺时间，平台已记录。"
            : "银行已超过承诺的答复时间，平台已记录，所在州市的信用主管部门可以看到。您也可以撤回申请，另选其他产品。"}
        </View>
      ) : null}
    </View>
  );
}

function Decision({ a }: { a: TLoanApplication }) {
  return (
    <View>
      {a.approved ? (
        <View className="card loan-app__decision loan-app__decision--ok" data-testid="loan-application-approved">
          <View className="loan-app__section-title">授信结果</View>
          <LoanTermsRows block="loan-app" amountLabel="授信额度" testIdPrefix="loan-application-approved" terms={a.approved} />
          <DetailRow block="loan-app" label="授信有效期至">
            {chineseDate(a.approved.offerValidUntil)}
          </DetailRow>
          {a.status === "approved" ? <View className="muted loan-app__hint">请在有效期内与银行联系，办理签约和放款。</View> : null}
        </View>
      ) : null}
      {a.disbursed ? (
        <View className="card loan-app__decision loan-app__decision--ok" data-testid="loan-application-disbursed">
          <View className="loan-app__section-title">
            放款信息{a.firstLoan ? <Text className="loan-app__first-loan">首贷</Text> : null}
          </View>
          <DetailRow block="loan-app" label="放款金额" testId="loan-application-disbursed-amount">
            {wan(a.disbursed.amountWan)} 万元
          </DetailRow>
          <DetailRow block="loan-app" label="放款日期">
            {chineseDate(a.disbursed.date)}
          </DetailRow>
        </View>
      ) : null}
      {a.rejection ? (
        <View className="card loan-app__decision loan-app__decision--fail" data-testid="loan-application-rejection">
          <View className="loan-app__section-title">未通过原因</View>
          <View className="loan-app__reason" data-testid="loan-application-rejection-reason">
            {a.rejection.reasonLabel}
          </View>
          {a.rejection.text ? (
            <View className="loan-app__reason-text" data-testid="loan-application-rejection-text">
              银行说明：{a.rejection.text}
            </View>
          ) : null}
          <View className="muted loan-app__hint">信用状况改善后，您可以重新申请，或选择其他银行的产品。</View>
        </View>
      ) : null}
    </View>
  );
}

function Timeline({ a }: { a: TLoanApplication }) {
  const events = [...a.timeline].sort((x, y) => x.version - y.version);
  return (
    <View className="card" data-testid="loan-application-timeline">
      <View className="loan-app__section-title">办理进度</View>
      {events.length === 0 ? <View className="muted">暂无记录</View> : null}
      {events.map((e, i) => (
        <View key={e.version} className={`loan-step${i === events.length - 1 ? " loan-step--last" : ""}`} data-testid="loan-application-event">
          <View className="loan-step__dot" />
          <View className="loan-step__body">
            <View className="loan-step__head">
              <Text className="loan-step__label" data-testid="loan-application-event-label">
                {eventLabel(e)}
              </Text>
              <Text className="loan-step__time">{beijingDateTime(e.at)}</Text>
            </View>
            <View className="loan-step__actor" data-testid="loan-application-event-actor">
              {e.actorLabel}
            </View>
            {e.note ? <View className="loan-step__note">{e.note}</View> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

export default function LoanApplicationPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const [application, setApplication] = useState<TLoanApplication>();
  const [responseDays, setResponseDays] = useState<number>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();
  const [withdrawing, setWithdrawing] = useState(false);
  const productLooked = useRef(false);

  async function load() {
    if (!isSignedIn()) return goLogin();
    try {
      const a = await getMyLoanApplication(id);
      setApplication(a);
      setState("ready");
      // The promise in working days is the product's; a product no longer offered leaves the date alone.
      if (a.productId && a.source === "product" && !productLooked.current) {
        productLooked.current = true;
        void getAvailableLoanProduct(a.productId).then(
          (p) => setResponseDays(p.responseDays),
          () => undefined,
        );
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setState("missing");
        return;
      }
      setError(errorMessage(e));
      setState((s) => (s === "ready" ? s : "error"));
    }
  }

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  async function onWithdraw() {
    const a = application;
    if (!a || withdrawing) return;
    const { confirm } = await Taro.showModal({
      title: "撤回申请",
      content: `撤回后，${a.bankName}将停止办理这笔申请，查询授权仍可在「授权管理」中撤销。确定撤回吗？`,
      confirmText: "撤回",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setWithdrawing(true);
    try {
      setApplication(await withdrawLoanApplication(a.id, a.version));
      void Taro.showToast({ title: "已撤回", icon: "success", duration: 1500 });
    } catch (e) {
      const changed = e instanceof ApiError && (e.code === "VERSION_CONFLICT" || e.code === "LOAN_TRANSITION_INVALID");
      void Taro.showToast({ title: changed ? "银行刚刚处理了这笔申请，请查看最新进度" : errorMessage(e), icon: "none", duration: 2500 });
      if (changed) void load();
    } finally {
      setWithdrawing(false);
    }
  }

  const a = application;
  if (!a) {
    return (
      <View className="page loan-app" data-testid="loan-application-page" data-state={state}>
        {state === "loading" ? <LoadingCards count={2} /> : null}
        {state === "missing" ? (
          <View className="card loan-app__missing" data-testid="loan-application-missing">
            <View className="loan-app__missing-title">找不到这笔贷款申请</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void openLoanApplications()}>
              我的贷款申请
            </Button>
          </View>
        ) : null}
        {state === "error" ? <LoadError message={error} testId="loan-application-error" onRetry={() => void load()} /> : null}
      </View>
    );
  }

  const tone = applicationTone(a.status);
  const withdrawable = canWithdraw(a);

  return (
    <View className={`page loan-app${withdrawable ? " loan-app--with-footer" : ""}`} data-testid="loan-application-page" data-state={state} data-status={a.status}>
      <View className={`loan-app__hero loan-app__hero--${tone}`}>
        <ApplicationHead application={a} headClass="loan-app__hero-head" titleClass="loan-app__product" />
        <View className="loan-app__bank" data-testid="loan-application-bank">
          {a.bankName}
        </View>
        <View className="loan-app__amount">
          <Text className="loan-app__amount-num">{wan(a.amountWan)}</Text> 万元 · {a.termMonths} 个月
        </View>
        <View className="muted">
          {/* A person's name reaches the bank masked ("张*"): to the applicant it is simply 本人. */}
          申请人：{a.applicantKind === "citizen" ? "本人" : a.applicantName} · {chineseDate(a.submittedAt)}提交
        </View>
      </View>

      {a.status === "submitted" || a.status === "accepted" || a.responseOverdue ? <ResponsePromise a={a} responseDays={responseDays} /> : null}
      <Decision a={a} />
      <Timeline a={a} />

      <View className="card">
        <View className="loan-app__section-title">申请内容</View>
        <DetailRow block="loan-app" label="申请金额">
          {wan(a.amountWan)} 万元
        </DetailRow>
        <DetailRow block="loan-app" label="期限">
          {a.termMonths} 个月
        </DetailRow>
        {a.repaymentMode ? (
          <DetailRow block="loan-app" label="还款方式">
            {REPAYMENT_MODE_LABELS[a.repaymentMode]}
          </DetailRow>
        ) : null}
        <DetailRow block="loan-app" label="联系人">
          {a.contactName}
        </DetailRow>
        <DetailRow block="loan-app" label="联系电话">
          {a.contactPhone}
        </DetailRow>
        <View className="loan-app__purpose-label muted">贷款用途</View>
        <View className="loan-app__purpose">{a.purpose}</View>
      </View>

      <View className="card loan-app__consent" data-testid="loan-application-consent">
        已授权{a.bankName}在{chineseDate(a.consentValidUntil)}前查询{a.applicantKind === "citizen" ? "您" : "贵企业"}的信用报告，用于贷款审批。
        <Text className="loan-app__consent-link" onClick={() => void openConsent()}>
          授权管理与查询记录 ›
        </Text>
      </View>

      {withdrawable ? (
        <View className="loan-app__footer">
          <Button data-testid="loan-application-withdraw" block size="large" fill="outline" type="danger" loading={withdrawing} onClick={() => void onWithdraw()}>
            撤回申请
          </Button>
        </View>
      ) : null}
    </View>
  );
}
