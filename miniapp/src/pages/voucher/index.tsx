import { useEffect, useRef, useState } from "react";
import Taro, { useDidHide, useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TClaim, TVoucherToken } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { cancelClaim, getVoucherToken, listMyClaims } from "../../api/endpoints";
import { LoadingCards } from "../../components/Loading";
import { QrCode } from "../../components/QrCode";
import { DetailRow } from "../../components/DetailRow";
import { formatDateTime } from "../../lib/format";
import { goLogin, goTab } from "../../lib/nav";
import { categoryLabel } from "../../lib/scenario";
import { isSignedIn } from "../../lib/session";
import { claimStatusLabel, shortCodeGroups, tokenRefreshDelay, VOUCHER_POLL_MS } from "../../lib/voucher";
import "./index.scss";

type LoadState = "loading" | "ready" | "missing" | "error";

interface ShownToken extends TVoucherToken {
  /** Device time when the next token is due (a little before this one expires). */
  refreshAt: number;
  /** Device time after which this token is surely expired (then the QR is hidden until a new one arrives). */
  staleAt: number;
}

/** Wait before asking again after a failed token request. */
const TOKEN_RETRY_MS = 5_000;
const TOKEN_TTL_FALLBACK_MS = 60_000;

function qrSizePx(): number {
  try {
    const width = Taro.getSystemInfoSync().windowWidth;
    return Math.round(Math.min(320, Math.max(200, width * 0.64)));
  } catch {
    return 240;
  }
}

function ShortCode({ code, muted }: { code: string; muted?: boolean }) {
  // Groups of four with a gap drawn by CSS: the element's text stays exactly the code.
  return (
    <View className={`voucher__code${muted ? " voucher__code--muted" : ""}`}>
      <Text className="voucher__code-label">券码</Text>
      <View className="voucher__code-value" data-testid="voucher-code" data-code={code}>
        {shortCodeGroups(code).map((g, i) => (
          <Text key={i} className="voucher__code-group">
            {g}
          </Text>
        ))}
      </View>
    </View>
  );
}

export default function VoucherPage() {
  const { params } = useRouter();
  const id = params.id ?? "";
  const [claim, setClaim] = useState<TClaim>();
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();
  const [token, setToken] = useState<ShownToken>();
  const [tokenError, setTokenError] = useState<string>();
  const [now, setNow] = useState(() => Date.now());
  const [active, setActive] = useState(true);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();
  const fetchingToken = useRef(false);
  /** When the next token request is due (device time); 0 = now. */
  const nextTokenAt = useRef(0);
  /** The status last read from the server, to notice the moment of redemption. */
  const lastStatus = useRef<TClaim["status"]>();
  /** Bumped by every claim read and by a cancellation: older answers are dropped. */
  const claimSeq = useRef(0);
  const [qrSize] = useState(qrSizePx);
  const status = claim?.status;

  async function loadClaim(quiet: boolean): Promise<void> {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    const seq = ++claimSeq.current;
    try {
      const found = (await listMyClaims()).find((c) => c.id === id);
      // A later read (or a cancellation) has already answered.
      if (seq !== claimSeq.current) return;
      if (lastStatus.current === "claimed" && found?.status === "redeemed") void Taro.showToast({ title: "核销成功", icon: "success", duration: 2000 });
      lastStatus.current = found?.status;
      setClaim(found);
      if (!found) setState("missing");
      else setState("ready");
      setError(undefined);
    } catch (e) {
      if (seq !== claimSeq.current) return;
      // A failed poll keeps what is showing; only the first load turns into an error page.
      if (!quiet) {
        setError(errorMessage(e));
        setState((s) => (s === "ready" ? s : "error"));
      }
    }
  }

  async function fetchToken(): Promise<void> {
    if (fetchingToken.current) return;
    fetchingToken.current = true;
    try {
      const t = await getVoucherToken(id);
      const receivedAt = Date.now();
      const delay = tokenRefreshDelay(t.expiresAt, receivedAt);
      const left = Date.parse(t.expiresAt) - receivedAt;
      const ttl = Number.isNaN(left) || left <= 0 || left > 5 * 60_000 ? TOKEN_TTL_FALLBACK_MS : left;
      nextTokenAt.current = receivedAt + delay;
      setToken({ ...t, refreshAt: receivedAt + delay, staleAt: receivedAt + ttl });
      setTokenError(undefined);
    } catch (e) {
      nextTokenAt.current = Date.now() + TOKEN_RETRY_MS;
      setTokenError(errorMessage(e));
      // Redeemed, cancelled or expired meanwhile: the claim tells which.
      if (e instanceof ApiError && (e.code === "VOUCHER_NOT_REDEEMABLE" || e.code === "NOT_FOUND")) void loadClaim(true);
    } finally {
      fetchingToken.current = false;
    }
  }

  useDidShow(() => {
    setActive(true);
    void loadClaim(false);
  });

  useDidHide(() => {
    setActive(false);
  });

  // While an unused voucher is on screen: ask every 3 s whether it was redeemed.
  useEffect(() => {
    if (!active || status !== "claimed") return undefined;
    const timer = setInterval(() => void loadClaim(true), VOUCHER_POLL_MS);
    return () => clearInterval(timer);
  }, [active, status, id]);

  // The QR token: fetched at once, replaced before it expires; the clock drives the countdown.
  useEffect(() => {
    if (!active || status !== "claimed") return undefined;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= nextTokenAt.current) void fetchToken();
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [active, status, id]);

  // Once the voucher is no longer usable the token is of no use.
  useEffect(() => {
    if (status && status !== "claimed") {
      setToken(undefined);
      nextTokenAt.current = 0;
    }
  }, [status]);

  async function onCancel() {
    if (!claim || cancelling) return;
    const { confirm } = await Taro.showModal({
      title: "取消领取",
      content: "取消后该券立即作废，名额将退回，让给其他符合条件的市民领取。确定取消吗？",
      confirmText: "确定取消",
      cancelText: "再想想",
      confirmColor: "#e34d59",
    });
    if (!confirm) return;
    setCancelling(true);
    setCancelError(undefined);
    try {
      const updated = await cancelClaim(claim.id);
      claimSeq.current += 1;
      lastStatus.current = updated.status;
      setClaim(updated);
      void Taro.showToast({ title: "已取消", icon: "success", duration: 1500 });
    } catch (e) {
      setCancelError(errorMessage(e));
      void loadClaim(true);
    } finally {
      setCancelling(false);
    }
  }

  if (!claim) {
    return (
      <View className="page voucher" data-testid="voucher-page" data-state={state}>
        {state === "loading" ? <LoadingCards count={2} /> : null}
        {state === "missing" ? (
          <View className="card voucher__missing" data-testid="voucher-missing">
            <View className="voucher__missing-title">没有找到这张券</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void goTab("benefits")}>
              返回我的权益
            </Button>
          </View>
        ) : null}
        {state === "error" ? (
          <View className="card voucher__missing" data-testid="voucher-error">
            <View className="error-text">{error}</View>
            <Button type="primary" fill="outline" size="small" onClick={() => void loadClaim(false)}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }

  const c = claim;
  const showQr = c.status === "claimed" && token !== undefined && now < token.staleAt;
  const countdown = token ? Math.max(0, Math.ceil((token.refreshAt - now) / 1000)) : 0;

  return (
    <View className={`page voucher voucher--${c.status}`} data-testid="voucher-page" data-state={state} data-claim-id={c.id}>
      <View className="voucher__ticket">
        <View className="voucher__head">
          <Text className="category-tag">{categoryLabel(c.category)}</Text>
          <Text className={`voucher-tag voucher-tag--${c.status}`} data-testid="voucher-status" data-status={c.status}>
            {claimStatusLabel(c.status)}
          </Text>
        </View>
        <View className="voucher__title" data-testid="voucher-title">
          {c.scenarioTitle}
        </View>
        <View className="voucher__benefit" data-testid="voucher-benefit">
          {c.benefit}
        </View>

        <View className="voucher__divider" />

        {c.status === "claimed" ? (
          <View className="voucher__qr-area">
            {showQr ? (
              <View className="voucher__qr" data-testid="voucher-qr" data-token={token.token}>
                <QrCode text={token.token} size={qrSize} />
              </View>
            ) : (
              <View className="voucher__qr-placeholder" style={{ width: `${qrSize}px`, height: `${qrSize}px` }} data-testid="voucher-qr-loading">
                <Text>{tokenError ? tokenError : "二维码生成中…"}</Text>
              </View>
            )}
            <View className="voucher__countdown" data-testid="voucher-refresh-countdown" data-seconds={String(countdown)}>
              {showQr ? `二维码 ${countdown} 秒后刷新` : tokenError ? "稍后自动重试" : "正在获取二维码"}
            </View>
            {showQr && tokenError ? <View className="voucher__token-error">{tokenError}</View> : null}
            <ShortCode code={c.shortCode} />
            <View className="voucher__tip">请向工作人员出示二维码，或读出券码</View>
          </View>
        ) : c.status === "redeemed" ? (
          <View className="voucher__done" data-testid="voucher-redeemed">
            <View className="voucher__done-mark">✓</View>
            <View className="voucher__done-title">已核销</View>
            {c.redeemedAt ? <View className="voucher__done-sub">核销时间 {formatDateTime(c.redeemedAt)}</View> : null}
            <ShortCode code={c.shortCode} muted />
          </View>
        ) : (
          <View className="voucher__void" data-testid="voucher-void">
            <View className="voucher__void-title">{c.status === "cancelled" ? "已取消" : "已过期"}</View>
            <View className="voucher__void-sub">
              {c.status === "cancelled"
                ? c.cancelledAt
                  ? `取消时间 ${formatDateTime(c.cancelledAt)}，名额已退回`
                  : "名额已退回"
                : `已于 ${formatDateTime(c.expiresAt)} 过期`}
            </View>
            <ShortCode code={c.shortCode} muted />
          </View>
        )}
      </View>

      <View className="card">
        <DetailRow block="voucher" label="领取时间">
          {formatDateTime(c.claimedAt)}
        </DetailRow>
        <DetailRow block="voucher" label="有效期至" testId="voucher-expires">
          {formatDateTime(c.expiresAt)}
        </DetailRow>
        {c.redeemedAt ? (
          <DetailRow block="voucher" label="核销时间" testId="voucher-redeemed-at">
            {formatDateTime(c.redeemedAt)}
          </DetailRow>
        ) : null}
        {c.cancelledAt ? (
          <DetailRow block="voucher" label="取消时间" testId="voucher-cancelled-at">
            {formatDateTime(c.cancelledAt)}
          </DetailRow>
        ) : null}
        <DetailRow block="voucher" label="领取规则版本">
          第 {c.ruleVersion} 版
        </DetailRow>
      </View>

      {c.status === "claimed" ? (
        <View className="voucher__cancel-area">
          <View className="muted voucher__cancel-note">用不上了？取消领取后名额会退回，让给其他市民。</View>
          {cancelError ? (
            <View className="error-text voucher__cancel-error" data-testid="voucher-cancel-error">
              {cancelError}
            </View>
          ) : null}
          <Button data-testid="voucher-cancel" size="small" fill="outline" loading={cancelling} onClick={() => void onCancel()}>
            取消领取
          </Button>
        </View>
      ) : null}
    </View>
  );
}
