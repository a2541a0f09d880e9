import { Text, View } from "@tarojs/components";
import { GUARANTEE_MODE_LABELS, type TAvailableLoanProduct } from "@xinyi/shared";
import { myTermsText, productRangeText, productState, rangeText } from "../lib/loans";
import "./LoanProductCard.scss";

/** A loan product in the 信易贷 list: the bank, guarantee modes, and what it means for me. */
export function LoanProductCard({ product: p, onOpen }: { product: TAvailableLoanProduct; onOpen: (p: TAvailableLoanProduct) => void }) {
  const state = productState(p);
  const mine = state.key === "eligible" || state.key === "open";
  return (
    <View className={`loan-card loan-card--${state.key}`} data-testid={`loan-product-card-${p.id}`} data-state={state.key} onClick={() => onOpen(p)}>
      <View className="loan-card__head">
        <Text className="loan-card__title" data-testid="loan-product-name">
          {p.name}
        </Text>
        <Text className={`loan-tag loan-tag--${state.key}`} data-testid="loan-product-state">
          {state.label}
        </Text>
      </View>
      <View className="loan-card__bank">
        <Text data-testid="loan-product-bank">{p.bankName}</Text>
        {p.guaranteeModes.map((m) => (
          <Text key={m} className="category-tag" data-testid="loan-product-guarantee">
            {GUARANTEE_MODE_LABELS[m]}
          </Text>
        ))}
      </View>

      <View className={`loan-card__terms${mine && p.myTerms ? "" : " loan-card__terms--off"}`}>
        <Text className="loan-card__terms-label">{mine && p.myTerms ? "我可贷" : "产品额度"}</Text>
        <Text className="loan-card__terms-text" data-testid="loan-product-terms">
          {mine && p.myTerms ? myTermsText(p.myTerms) : productRangeText(p)}
        </Text>
      </View>

      <View className="loan-card__meta">
        <Text>期限 {rangeText(p.termMonths, " 个月")}</Text>
        <Text>承诺 {p.responseDays} 个工作日内答复</Text>
      </View>

      {state.key === "unverified" ? (
        <View className="loan-card__note loan-card__note--verify" data-testid="loan-product-verify">
          完成实名认证后，查看您可贷的额度和利率 ›
        </View>
      ) : null}
      {state.key === "open" ? (
        <View className="loan-card__note loan-card__note--open" data-testid="loan-product-open-application">
          您有一笔该产品的申请正在办理，查看进度 ›
        </View>
      ) : null}
      {state.key === "ineligible" ? (
        <View className="loan-card__why" data-testid="loan-product-why">
          {(p.reasons.length ? p.reasons : ["您暂不符合该产品的申请条件"]).map((r, i) => (
            <View key={i} className="loan-card__reason" data-testid="loan-product-reason">
              {r}
            </View>
          ))}
          {p.hints.length ? (
            <View className="loan-card__hints">
              {p.hints.map((h, i) => (
                <View key={i} className="loan-card__hint" data-testid="loan-product-hint">
                  {h}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
