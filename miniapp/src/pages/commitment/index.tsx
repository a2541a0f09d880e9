import { useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh, useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ZCommitmentSignRequest, type TCommitmentCase } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { getMyCommitment, signCommitment } from "../../api/commitments";
import { CheckRow } from "../../components/CheckRow";
import { LoadError } from "../../components/LoadError";
import { LoadingCards } from "../../components/Loading";
import { openCommitments } from "../../lib/commitments";
import { fieldIssues } from "../../lib/loans";
import { goLogin } from "../../lib/nav";
import { isSignedIn } from "../../lib/session";
import { CommitmentHero, CommitmentText, MissingItems, NextStep, Outcome, Timeline, Verification } from "./CommitmentParts";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

/** The bottom bar of a case waiting for the subject: the box to tick for the text above, and 签署. */
function SignBar({ c, onSigned, onStale }: { c: TCommitmentCase; onSigned: (c: TCommitmentCase) => void; onStale: () => void }) {
  const [accepted, setAccepted] = useState(false);
  const [acceptedError, setAcceptedError] = useState<string>();
  const [formError, setFormError] = useState<{ seq: number; message: string }>();
  const [signing, setSigning] = useState(false);
  const seq = useRef(0);

  function fail(message: string) {
    seq.current += 1;
    setFormError({ seq: seq.current, message });
  }

  async function onSign() {
    if (signing) return;
    // The same schema the server checks: an unticked box is refused here with its words.
    const parsed = ZCommitmentSignRequest.safeParse({ accepted });
    if (!parsed.success) {
      setAcceptedError(parsed.error.issues[0]?.message ?? "请阅读并同意信用承诺书");
      setFormError(undefined);
      return;
    }
    setSigning(true);
    setFormError(undefined);
    try {
      onSigned(await signCommitment(c.id, parsed.data));
      void Taro.showToast({ title: "已签署", icon: "success", duration: 1500 });
    } catch (e) {
      const stale = e instanceof ApiError && (e.code === "VERSION_CONFLICT" || e.code === "COMMITMENT_TRANSITION_INVALID");
      const field = fieldIssues(e).accepted;
      if (field) setAcceptedError(field);
      fail(stale ? "这项承诺刚刚有了变化，已为您刷新，请查看最新状态" : errorMessage(e));
      if (stale) onStale();
    } finally {
      setSigning(false);
    }
  }

  return (
    <View className="commitment__footer" data-testid="commitment-sign">
      {formError ? (
        <View className="commitment__form-error" data-testid="commitment-sign-error" data-seq={String(formError.seq)}>
          {formError.message}
        </View>
      ) : null}
      <CheckRow
        checked={accepted}
        testId="commitment-sign-accepted"
        onChange={(next) => {
          setAccepted(next);
          setAcceptedError(undefined);
        }}
      >
        我已阅读并同意上述《信用承诺书》，如违背承诺，愿意承担相应责任并接受信用惩戒
      </CheckRow>
      {acceptedError ? (
        <View className="error-text commitment__check-error" data-testid="commitment-sign-accepted-error">
          {acceptedError}
        </View>
      ) : null}
      <Button data-testid="commitment-sign-submit" block size="large" type="primary" loading={signing} onClick={() => void onSign()}>
        签署承诺
      </Button>
    </View>
  );
}

export default function CommitmentPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const [item, setItem] = useState<TCommitmentCase>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();

  async function load() {
    if (!isSignedIn()) return goLogin();
    try {
      setItem(await getMyCommitment(id));
      setState("ready");
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

  const c = item;
  if (!c) {
    return (
      <View className="page commitment" data-testid="commitment-page" data-state={state}>
        {state === "loading" ? <LoadingCards count={2} /> : null}
        {state === "missing" ? (
          <View className="card commitment__missing" data-testid="commitment-missing-case">
            <View className="commitment__missing-title">找不到这项承诺</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void openCommitments()}>
              我的承诺
            </Button>
          </View>
        ) : null}
        {state === "error" ? <LoadError message={error} testId="commitment-error" onRetry={() => void load()} /> : null}
      </View>
    );
  }

  const signable = c.status === "pending_signature";
  return (
    <View className={`page commitment${signable ? " commitment--with-footer" : ""}`} data-testid="commitment-page" data-state={state} data-status={c.status}>
      <CommitmentHero c={c} />
      {/* Once it has ended, the outcome says what happened: a next step would only repeat it. */}
      {c.outcome ? <Outcome c={c} /> : <NextStep c={c} />}
      <MissingItems c={c} />
      <Verification c={c} />
      <CommitmentText c={c} />
      <Timeline c={c} />
      {signable ? <SignBar key={c.version} c={c} onSigned={setItem} onStale={() => void load()} /> : null}
    </View>
  );
}
