import { useEffect, useState } from "react";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { GUARANTEE_MODE_LABELS, type TAvailableLoanProduct, type TMe } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { getMe } from "../../api/endpoints";
import { getAvailableLoanProduct } from "../../api/loans";
import { DetailRow } from "../../components/DetailRow";
import { LoadingCards } from "../../components/Loading";
import {
  applicantKindsText,
  cachedProduct,
  guaranteeText,
  myTermsText,
  productRangeText,
  productRegionsText,
  productState,
  rangeText,
  ratePct,
  rememberProducts,
  repaymentText,
  wan,
} from "../../lib/loans";
import { goLogin, goTab, openBind, openLoanApplication, openLoanProduct, openLoans } from "../../lib/nav";
import { getCachedUser, isSignedIn } from "../../lib/session";
import { ApplyForm } from "./ApplyForm";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

function MyTermsPanel({ p }: { p: TAvailableLoanProduct }) {
  const state = productState(p);
  if (state.key === "unverified") {
    return (
      <View className="loan-why loan-why--no" data-testid="loan-product-why" data-eligible="false">
        <View className="loan-why__title">完成实名认证后即可测算您可贷的额度和利率</View>
        <View className="loan-why__line">产品额度：{productRangeText(p)}</View>
        <View className="loan-why__sub">额度和利率按您本人（或您代表的企业）的公共信用等级测算，需先核验身份。</View>
      </View>
    );
  }
  if (state.key === "eligible" || state.key === "open") {
    return (
      <View className="loan-why loan-why--ok" data-testid="loan-product-why" data-eligible="true">
        <View className="loan-why__line loan-why__line--big">
          {state.key === "open" ? "您已申请该产品" : "您符合申请条件"}
          {p.myTerms?.grade ? `（信用等级 ${p.myTerms.grade}）` : ""}
        </View>
        {p.myTerms ? (
          <View className="loan-why__terms" data-testid="loan-product-my-terms">
            {myTermsText(p.myTerms)}
          </View>
        ) : null}
        {p.myTerms ? (
          <View className="loan-why__sub">
            期限 {rangeText(p.myTerms.termMonths, " 个月")}，年利率 {rangeText({ min: p.myTerms.minRate, max: p.myTerms.maxRate }, "", ratePct)}；以上为参考额度，以银行审批结果为准。
          </View>
        ) : null}
      </View>
    );
  }
  const reasons = p.reasons.length ? p.reasons : ["您暂不符合该产品的申请条件"];
  return (
    <View className="loan-why loan-why--no" data-testid="loan-product-why" data-eligible="false">
      <View className="loan-why__title">您暂不符合申请条件</View>
      {reasons.map((r, i) => (
        <View key={i} className="loan-why__reason" data-testid="loan-product-reason">
          {r}
        </View>
      ))}
      {p.hints.length ? (
        <View className="loan-why__hints">
          <View className="loan-why__hints-title">如何达到条件</View>
          {p.hints.map((h, i) => (
            <View key={i} className="loan-why__hint" data-testid="loan-product-hint">
              {h}
            </View>
          ))}
        </View>
      ) : null}
      <View className="loan-why__link" data-testid="loan-product-goto-credit" onClick={() => void goTab("credit")}>
        查看我的信用与提升办法 ›
      </View>
    </View>
  );
}

function ProductFacts({ p }: { p: TAvailableLoanProduct }) {
  const mineGrade = p.myTerms?.grade;
  return (
    <View>
      <View className="card">
        <View className="loan-product__section-title">产品要素</View>
        <DetailRow block="loan-product" label="贷款额度" testId="loan-product-amount">
          {rangeText(p.amountWan, " 万元")}
        </DetailRow>
        <DetailRow block="loan-product" label="年利率" testId="loan-product-rate">
          {rangeText(p.annualRate, "", ratePct)}
        </DetailRow>
        <DetailRow block="loan-product" label="贷款期限" testId="loan-product-term">
          {rangeText(p.termMonths, " 个月")}
        </DetailRow>
        <DetailRow block="loan-product" label="担保方式">
          {guaranteeText(p.guaranteeModes)}
        </DetailRow>
        <DetailRow block="loan-product" label="还款方式">
          {repaymentText(p.repaymentModes)}
        </DetailRow>
        <DetailRow block="loan-product" label="申请对象">
          {applicantKindsText(p.applicantKinds)}
        </DetailRow>
        <DetailRow block="loan-product" label="服务地区">
          {productRegionsText(p)}
        </DetailRow>
        <DetailRow block="loan-product" label="答复承诺" testId="loan-product-response">
          提交后 {p.responseDays} 个工作日内答复
        </DetailRow>
      </View>

      {p.gradeTiers.length ? (
        <View className="card" data-testid="loan-product-tiers">
          <View className="loan-product__section-title">信用等级与额度</View>
          <View className="loan-tiers">
            <View className="loan-tiers__row loan-tiers__row--head">
              <Text className="loan-tiers__grade">信用等级</Text>
              <Text className="loan-tiers__benefit">最高额度 · 利率</Text>
            </View>
            {p.gradeTiers.map((t, i) => {
              const mine = !!mineGrade && t.grades.includes(mineGrade);
              return (
                <View key={i} className={`loan-tiers__row${mine ? " loan-tiers__row--mine" : ""}`} data-testid="loan-product-tier">
                  <Text className="loan-tiers__grade">{t.grades.join("、")}</Text>
                  <Text className="loan-tiers__benefit">
                    最高 {wan(t.maxAmountWan)} 万元，{ratePct(t.minRate)} 起{mine ? <Text className="loan-tiers__mine">我的</Text> : null}
                  </Text>
                </View>
              );
            })}
          </View>
        </View>
      ) : null}

      <View className="card">
        <View className="loan-product__section-title">申请条件</View>
        <View className="loan-product__desc" data-testid="loan-product-rule">
          {p.ruleSummary || "无额外条件"}
        </View>
      </View>

      {p.materials.length ? (
        <View className="card" data-testid="loan-product-materials">
          <View className="loan-product__section-title">所需材料</View>
          {p.materials.map((m, i) => (
            <View key={i} className="loan-product__material">
              {m}
            </View>
          ))}
        </View>
      ) : null}

      {p.description ? (
        <View className="card">
          <View className="loan-product__section-title">产品说明</View>
          <View className="loan-product__desc">{p.description}</View>
        </View>
      ) : null}
    </View>
  );
}

export default function LoanProductPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const applying = params.apply === "1";
  const [product, setProduct] = useState<TAvailableLoanProduct | undefined>(() => cachedProduct(id));
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [state, setState] = useState<LoadState>(product ? "ready" : "loading");
  const [error, setError] = useState<string>();

  async function load() {
    if (!isSignedIn()) return goLogin();
    void getMe().then(setMe, () => undefined);
    try {
      const found = await getAvailableLoanProduct(id);
      rememberProducts([found]);
      setProduct(found);
      setState("ready");
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setProduct(undefined);
        setState("missing");
        return;
      }
      setError(errorMessage(e));
      setState((s) => (s === "ready" ? s : "error"));
    }
  }

  useDidShow(() => {
    // The form keeps what was typed: coming back to it must not reload the product under it.
    if (!(applying && product)) void load();
  });

  const p = product;
  const canApply = !!p && productState(p).key === "eligible";
  const showForm = applying && canApply;

  useEffect(() => {
    if (showForm) void Taro.setNavigationBarTitle({ title: "申请贷款" });
  }, [showForm]);

  if (!p) {
    return (
      <View className="page loan-product" data-testid="loan-product-page" data-state={state}>
        {state === "loading" ? <LoadingCards count={2} /> : null}
        {state === "missing" ? (
          <View className="card loan-product__missing" data-testid="loan-product-missing">
            <View className="loan-product__missing-title">该产品已下架或不在您所在的地区</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void openLoans()}>
              查看其他贷款产品
            </Button>
          </View>
        ) : null}
        {state === "error" ? (
          <View className="card error-text" data-testid="loan-product-error">
            {error}
          </View>
        ) : null}
      </View>
    );
  }

  const st = productState(p);

  return (
    <View className={`page loan-product${showForm ? "" : " loan-product--with-footer"}`} data-testid="loan-product-page" data-state={state} data-mode={showForm ? "apply" : "detail"}>
      <View className="loan-product__hero">
        <View className="loan-product__tags">
          {p.guaranteeModes.map((m) => (
            <Text key={m} className="category-tag">
              {GUARANTEE_MODE_LABELS[m]}
            </Text>
          ))}
          <Text className={`loan-tag loan-tag--${st.key}`} data-testid="loan-product-state">
            {st.label}
          </Text>
        </View>
        <View className="loan-product__title" data-testid="loan-product-name">
          {p.name}
        </View>
        <View className="loan-product__bank" data-testid="loan-product-bank">
          {p.bankName}
        </View>
        {showForm && p.myTerms ? (
          <View className="loan-product__hero-terms" data-testid="loan-product-my-terms">
            {myTermsText(p.myTerms)}
          </View>
        ) : null}
      </View>

      {showForm ? (
        <ApplyForm product={p} me={me} onApplied={(a) => void openLoanApplication(a.id, true)} />
      ) : (
        <View>
          {applying && !canApply ? (
            <View className="card loan-product__notice" data-testid="loan-product-cannot-apply">
              {st.key === "open" ? "您已有该产品正在办理的申请。" : "您当前不能申请该产品，原因见下方。"}
            </View>
          ) : null}
          <MyTermsPanel p={p} />
          <ProductFacts p={p} />
          <View className="loan-product__footer">
            {st.key === "unverified" ? (
              <Button data-testid="loan-product-action" type="primary" block size="large" onClick={() => void openBind(me?.role === "enterprise" ? "enterprise" : "citizen")}>
                去实名认证
              </Button>
            ) : st.key === "open" && p.myOpenApplicationId ? (
              <Button data-testid="loan-product-action" type="primary" block size="large" onClick={() => void openLoanApplication(p.myOpenApplicationId!)}>
                查看我的申请进度
              </Button>
            ) : st.key === "eligible" ? (
              <Button data-testid="loan-product-action" type="primary" block size="large" onClick={() => void openLoanProduct(p.id, true)}>
                立即申请
              </Button>
            ) : (
              <Button data-testid="loan-product-action" block size="large" disabled>
                暂不符合申请条件
              </Button>
            )}
          </View>
        </View>
      )}
    </View>
  );
}
