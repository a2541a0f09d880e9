import { useState } from "react";
import { useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TMyObjection, TRecordRights } from "@xinyi/shared";
import { ApiError } from "../../api/client";
import { getMyObjection, getRecordRights } from "../../api/credit-rights";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { openObjection, openObjections } from "../../lib/nav";
import { usePageLoad } from "../../lib/usePageLoad";
import { ObjectionDetail } from "./ObjectionDetail";
import { ObjectionForm } from "./ObjectionForm";
import "./index.scss";

/**
 * ?recordId=… : the form to object to one of my records. ?id=… : one of my objections (also where
 * a message about it leads).
 */
export default function ObjectionPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const recordId = params.recordId ?? "";
  const mode = id ? "detail" : "form";
  const [objection, setObjection] = useState<TMyObjection>();
  const [rights, setRights] = useState<TRecordRights>();
  const [missing, setMissing] = useState(false);

  const { state, error, load } = usePageLoad(async () => {
    try {
      if (mode === "detail") setObjection(await getMyObjection(id));
      // The form is loaded once: coming back to it must not wipe what was typed.
      else if (!rights) setRights(await getRecordRights(recordId));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return setMissing(true);
      throw e;
    }
  });

  return (
    <View className="page objection" data-testid="objection-page" data-mode={mode} data-state={state} data-status={objection?.status ?? ""}>
      {state === "error" ? <LoadError message={error} testId="objection-load-error" onRetry={() => void load()} /> : null}
      {!objection && !rights && state === "loading" ? <LoadingCards count={2} /> : null}
      {missing ? (
        <View className="card objection__missing" data-testid="objection-missing">
          <View className="objection__missing-title">{mode === "detail" ? "找不到这条异议" : "找不到这条信用记录"}</View>
          <Button type="primary" fill="outline" size="small" onClick={() => void openObjections()}>
            我的异议
          </Button>
        </View>
      ) : null}

      {mode === "detail" && objection ? <ObjectionDetail objection={objection} /> : null}

      {mode === "form" && rights ? (
        rights.mayObject ? (
          <ObjectionForm rights={rights} onSubmitted={(created) => void openObjection(created.id, true)} />
        ) : (
          <View className="card case-closed" data-testid="objection-not-allowed">
            <View className="objection__missing-title">暂不能对这条记录提出异议</View>
            <View className="muted">{rights.objectNote}</View>
            {rights.openObjection ? (
              <Button className="case-closed__link" type="primary" fill="outline" size="small" onClick={() => void openObjection(rights.openObjection!.id, true)}>
                查看处理进度
              </Button>
            ) : null}
          </View>
        )
      ) : null}
    </View>
  );
}
