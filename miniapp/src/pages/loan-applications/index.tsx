import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { listMyLoanApplications } from "../../api/loans";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { LoadMore } from "../../components/LoadMore";
import { LoanApplicationCard } from "../../components/LoanApplicationCard";
import { openLoanApplication, openLoans } from "../../lib/nav";
import { usePagedList } from "../../lib/usePagedList";
import "./index.scss";

export default function LoanApplicationsPage() {
  const list = usePagedList((page) => listMyLoanApplications(page));
  const { state, error, load, items } = list;

  return (
    <View className="page loan-apps" data-testid="loan-applications-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="loan-applications-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} testId="loan-applications-loading" /> : null}

      {items && items.length === 0 ? (
        <View className="card loan-apps__empty" data-testid="loan-applications-empty">
          <View className="loan-apps__empty-title">还没有贷款申请</View>
          <View className="muted loan-apps__empty-sub">看看哪些银行的信用贷款您可以申请</View>
          <Button type="primary" size="small" data-testid="loan-applications-goto-products" onClick={() => void openLoans()}>
            查看贷款产品
          </Button>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="loan-application-list">
          {items.map((a) => (
            <LoanApplicationCard key={a.id} application={a} onOpen={(x) => void openLoanApplication(x.id)} />
          ))}
        </View>
      ) : null}

      <LoadMore list={list} className="loan-apps__more" />

      {items && items.length > 0 ? (
        <View className="loan-apps__foot muted" onClick={() => void openLoans()}>
          申请其他贷款产品 ›
        </View>
      ) : null}
    </View>
  );
}
