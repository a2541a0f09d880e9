import { View } from "@tarojs/components";
import { listMyCommitments } from "../../api/commitments";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { LoadMore } from "../../components/LoadMore";
import { isOpen, openCommitment } from "../../lib/commitments";
import { usePagedList } from "../../lib/usePagedList";
import { CommitmentCard } from "./CommitmentCard";
import "./index.scss";

export default function CommitmentsPage() {
  const list = usePagedList((page) => listMyCommitments(page));
  const { state, error, load, items, total } = list;
  const toSign = items?.filter((c) => c.status === "pending_signature").length ?? 0;
  const open = items?.filter(isOpen).length ?? 0;

  return (
    <View className="page commitments" data-testid="commitments-page" data-state={state}>
      {state === "error" ? <LoadError message={error} testId="commitments-error" onRetry={() => void load()} /> : null}
      {!items && state === "loading" ? <LoadingCards count={2} testId="commitments-loading" /> : null}

      {items && items.length === 0 ? (
        <View className="card commitments__empty" data-testid="commitments-empty">
          <View className="commitments__empty-title">还没有信用承诺</View>
          <View className="muted commitments__empty-sub">在政务服务窗口以告知承诺或容缺受理方式办事时，部门发起的承诺会显示在这里，由您在线阅读并签署。</View>
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View className="commitments__summary" data-testid="commitments-summary">
          共 {total} 项{open ? `，办理中 ${open} 项` : ""}
          {toSign ? <View className="commitments__summary-act">{toSign} 项待您签署</View> : null}
        </View>
      ) : null}

      {items && items.length > 0 ? (
        <View data-testid="commitment-list">
          {items.map((c) => (
            <CommitmentCard key={c.id} c={c} onOpen={(x) => void openCommitment(x.id)} />
          ))}
        </View>
      ) : null}

      <LoadMore list={list} className="commitments__more" />

      {items && items.length > 0 ? (
        <View className="commitments__foot muted">承诺由办事部门发起；如对承诺内容有疑问，请先联系办理部门再签署。</View>
      ) : null}
    </View>
  );
}
