import { useState } from "react";
import { useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TRecordRights, TRepair, TRepairCommitmentText } from "@xinyi/shared";
import { ApiError } from "../../api/client";
import { getMyRepair, getRecordRights, getRepairCommitmentText } from "../../api/credit-rights";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { openRepair, openRepairs } from "../../lib/nav";
import { usePageLoad } from "../../lib/usePageLoad";
import { RepairDetail } from "./RepairDetail";
import { RepairForm } from "./RepairForm";
import "./index.scss";

/** ?recordId=… : the repair application form for one of my records. ?id=… : one of my repair applications. */
export default function RepairPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const recordId = params.recordId ?? "";
  const mode = id ? "detail" : "form";
  const [repair, setRepair] = useState<TRepair>();
  const [rights, setRights] = useState<TRecordRights>();
  const [commitment, setCommitment] = useState<TRepairCommitmentText>();
  const [missing, setMissing] = useState(false);

  async function loadCommitment() {
    setCommitment(await getRepairCommitmentText());
  }

  const { state, error, load } = usePageLoad(async () => {
    try {
      if (mode === "detail") setRepair(await getMyRepair(id));
      // Loaded once: coming back from the file chooser must not wipe the picked files.
      else if (!rights) {
        const [r] = await Promise.all([getRecordRights(recordId), loadCommitment()]);
        setRights(r);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return setMissing(true);
      throw e;
    }
  });

  return (
    <View className="page repair" data-testid="repair-page" data-mode={mode} data-state={state} data-status={repair?.status ?? ""}>
      {state === "error" ? <LoadError message={error} testId="repair-load-error" onRetry={() => void load()} /> : null}
      {!repair && !rights && state === "loading" ? <LoadingCards count={2} /> : null}
      {missing ? (
        <View className="card repair__missing" data-testid="repair-missing">
          <View className="repair__missing-title">{mode === "detail" ? "找不到这条修复申请" : "找不到这条信用记录"}</View>
          <Button type="primary" fill="outline" size="small" onClick={() => void openRepairs()}>
            我的信用修复
          </Button>
        </View>
      ) : null}

      {mode === "detail" && repair ? <RepairDetail repair={repair} /> : null}

      {mode === "form" && rights && commitment ? (
        rights.mayRepair ? (
          <RepairForm rights={rights} commitment={commitment} onApplied={(created) => void openRepair(created.id, true)} onOutdated={() => void loadCommitment()} />
        ) : (
          <View className="card case-closed" data-testid="repair-not-allowed">
            <View className="repair__missing-title">暂不能申请修复这条记录</View>
            <View className="muted">{rights.repairNote}</View>
            {rights.openRepair ? (
              <Button className="case-closed__link" type="primary" fill="outline" size="small" onClick={() => void openRepair(rights.openRepair!.id, true)}>
                查看审核进度
              </Button>
            ) : null}
          </View>
        )
      ) : null}
    </View>
  );
}
