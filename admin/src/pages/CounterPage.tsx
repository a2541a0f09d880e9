import { useEffect, useRef, useState } from "react";
import { Alert, Button, Card, Col, Descriptions, Input, Row, Space, Typography, theme, type InputRef } from "antd";
import { CLAIM_STATUS_LABELS, ZVoucherCodeRequest, maskName, normalizeVoucherCode, type TVoucherCheck } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { redeemVoucher, verifyVoucher } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { QrScannerModal, cameraAvailable } from "../components/QrScanner";
import { formatDateTime } from "../lib/format";
import { isPartnerOperator } from "../lib/roles";
import { ensurePublicKey, looksLikeToken, verifyTokenOffline, type TOfflineCheck } from "../lib/voucherToken";

const PLACE_STORAGE = "xinyi.admin.counterPlace";

function readPlace(): string {
  try {
    return window.localStorage.getItem(PLACE_STORAGE) ?? "";
  } catch {
    return "";
  }
}

function storePlace(place: string): void {
  try {
    if (place) window.localStorage.setItem(PLACE_STORAGE, place);
    else window.localStorage.removeItem(PLACE_STORAGE);
  } catch {
    // Storage unavailable: the place is simply not remembered.
  }
}

/** The server masks the holder's name; mask it here too should one ever arrive whole. */
function holderText(name: string | undefined): string {
  if (!name) return "—";
  return /[*＊]/.test(name) ? name : maskName(name);
}

/** Refusals that describe the voucher itself (as opposed to the request failing). */
const VOUCHER_REFUSALS = new Set(["VOUCHER_INVALID", "VOUCHER_ALREADY_REDEEMED", "VOUCHER_NOT_REDEEMABLE", "VOUCHER_WRONG_PARTNER"]);

type TMessage = { type: "success" | "error" | "warning"; text: string };

/**
 * 核销台: verify a voucher (short code read aloud, or the QR token scanned or typed) and
 * redeem it. A scanned token's signature is checked in the browser first, so a forged code
 * shows as such even when the network is down. Shows only what the counter needs: never
 * the holder's score or ID number.
 */
export function CounterPage() {
  const user = useCurrentUser();
  const { token } = theme.useToken();
  const canRedeem = user ? isPartnerOperator(user.role) : false;
  const inputRef = useRef<InputRef>(null);
  const [code, setCode] = useState("");
  const [place, setPlace] = useState(readPlace);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [offline, setOffline] = useState<TOfflineCheck | null>(null);
  const [result, setResult] = useState<TVoucherCheck | null>(null);
  const [redeemed, setRedeemed] = useState(false);
  const [msg, setMsg] = useState<TMessage | null>(null);
  const [busy, setBusy] = useState<"verify" | "redeem" | null>(null);
  const [camera, setCamera] = useState(false);
  const [scanning, setScanning] = useState(false);
  // Guards against a slow answer for a code that has since been replaced.
  const generation = useRef(0);

  useEffect(() => {
    // Fetch the platform's public key once (cached), and see whether a camera is there.
    void ensurePublicKey();
    let alive = true;
    void cameraAvailable().then((ok) => alive && setCamera(ok));
    return () => {
      alive = false;
    };
  }, []);

  const reset = (next: string) => {
    generation.current += 1;
    setCode(next);
    setCodeError(null);
    setResult(null);
    setRedeemed(false);
    setMsg(null);
    setOffline(null);
  };

  const checkOffline = async (text: string, gen: number): Promise<void> => {
    if (!looksLikeToken(text)) return;
    const check = await verifyTokenOffline(text);
    if (generation.current === gen) setOffline(check);
  };

  const validCode = (): { code: string; place?: string } | null => {
    const parsed = ZVoucherCodeRequest.safeParse({ code, ...(place.trim() ? { place: place.trim() } : {}) });
    if (!parsed.success) {
      setCodeError(parsed.error.issues[0]?.message ?? "请扫描二维码或输入券码");
      inputRef.current?.focus();
      return null;
    }
    return parsed.data;
  };

  const verify = async (text: string = code) => {
    const body = text === code ? validCode() : { code: normalizeVoucherCode(text), ...(place.trim() ? { place: place.trim() } : {}) };
    if (!body) return;
    const gen = generation.current;
    setBusy("verify");
    setMsg(null);
    setRedeemed(false);
    // The offline signature check first: it stands even if the server cannot be reached.
    await checkOffline(body.code, gen);
    try {
      const check = await verifyVoucher(body);
      if (generation.current === gen) setResult(check);
    } catch (err) {
      if (generation.current !== gen) return;
      if (err instanceof ApiError && VOUCHER_REFUSALS.has(err.code)) {
        setResult({ valid: false, reason: err.message });
      } else {
        setResult(null);
        setMsg({ type: "warning", text: `联网查验失败：${errorMessage(err)}` });
      }
    } finally {
      setBusy(null);
    }
  };

  const redeem = async () => {
    const body = validCode();
    if (!body) return;
    storePlace(body.place ?? "");
    const gen = generation.current;
    setBusy("redeem");
    setMsg(null);
    if (looksLikeToken(body.code) && !offline) await checkOffline(body.code, gen);
    try {
      const check = await redeemVoucher(body);
      if (generation.current !== gen) return;
      setResult(check);
      setRedeemed(true);
      setMsg({ type: "success", text: `核销成功：${check.scenarioTitle ?? ""}${check.redeemedAt ? `（${formatDateTime(check.redeemedAt)}）` : ""}` });
    } catch (err) {
      if (generation.current !== gen) return;
      setMsg({ type: "error", text: `不能核销：${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const onScanned = (text: string) => {
    setScanning(false);
    reset(text);
    void verify(text);
  };

  const good = redeemed || result?.valid === true;
  const headline = redeemed ? "核销成功" : result?.valid ? "有效" : "无效";
  const sub = redeemed ? "权益已使用" : result?.valid ? (canRedeem ? "可以核销" : "券有效（管理员仅可查验）") : (result?.reason ?? "该券不能使用");

  return (
    <Card title="核销台" extra={<Typography.Text type="secondary">{user?.displayName}</Typography.Text>}>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <div>
              <Typography.Text strong>券码 / 二维码</Typography.Text>
              <Space.Compact style={{ width: "100%", marginTop: 8 }}>
                <Input
                  ref={inputRef}
                  data-testid="counter-code"
                  size="large"
                  value={code}
                  autoFocus
                  allowClear
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="输入8位券码，或扫描用户出示的二维码"
                  status={codeError ? "error" : undefined}
                  onChange={(e) => {
                    const next = e.target.value;
                    reset(next);
                    void checkOffline(next.trim(), generation.current);
                  }}
                  onPressEnter={() => void verify()}
                  style={{ fontSize: 24, fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", letterSpacing: 2 }}
                />
                {camera && (
                  <Button size="large" data-testid="counter-scan" onClick={() => setScanning(true)}>
                    扫码
                  </Button>
                )}
              </Space.Compact>
              {codeError && (
                <Typography.Text type="danger" data-testid="counter-code-error">
                  {codeError}
                </Typography.Text>
              )}
            </div>
            <div>
              <Typography.Text strong>核销地点（可选）</Typography.Text>
              <Input
                data-testid="counter-place"
                value={place}
                maxLength={100}
                placeholder="如：石林景区东门售票处"
                onChange={(e) => setPlace(e.target.value)}
                onBlur={() => storePlace(place.trim())}
                style={{ marginTop: 8 }}
              />
            </div>
            <Space wrap>
              <Button size="large" data-testid="counter-verify" onClick={() => void verify()} loading={busy === "verify"} disabled={busy === "redeem"}>
                查验
              </Button>
              {canRedeem && (
                <Button
                  size="large"
                  type="primary"
                  data-testid="counter-redeem"
                  onClick={() => void redeem()}
                  loading={busy === "redeem"}
                  disabled={busy === "verify" || redeemed}
                >
                  核销
                </Button>
              )}
              <Button size="large" data-testid="counter-clear" onClick={() => { reset(""); inputRef.current?.focus(); }} disabled={busy !== null}>
                下一位
              </Button>
            </Space>
            {!canRedeem && (
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                管理员可在此查验券的真伪和状态；核销由合作机构操作员完成。
              </Typography.Paragraph>
            )}
            {offline && <OfflineResult check={offline} />}
            {msg && <Alert type={msg.type} showIcon title={<span data-testid="counter-message">{msg.text}</span>} />}
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          {result ? (
            <div
              data-testid="counter-result"
              data-valid={String(result.valid)}
              data-redeemed={String(redeemed)}
              style={{
                border: `2px solid ${good ? token.colorSuccess : token.colorError}`,
                background: good ? token.colorSuccessBg : token.colorErrorBg,
                borderRadius: token.borderRadiusLG,
                padding: 24,
              }}
            >
              <div style={{ display: "flex", alignItems: "center", gap: 16, marginBottom: 16 }}>
                <span
                  aria-hidden
                  style={{
                    width: 64,
                    height: 64,
                    borderRadius: "50%",
                    background: good ? token.colorSuccess : token.colorError,
                    color: "#fff",
                    fontSize: 40,
                    lineHeight: "64px",
                    textAlign: "center",
                    flex: "none",
                  }}
                >
                  {good ? "✓" : "✗"}
                </span>
                <div>
                  <div style={{ fontSize: 36, fontWeight: 700, color: good ? token.colorSuccessText : token.colorErrorText, lineHeight: 1.2 }}>
                    {headline}
                  </div>
                  <div style={{ fontSize: 16 }}>{sub}</div>
                </div>
              </div>
              {(result.scenarioTitle || result.benefit || result.holderName || result.expiresAt) && (
                <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
                  <Descriptions.Item label="权益">{result.scenarioTitle ?? "—"}</Descriptions.Item>
                  <Descriptions.Item label="权益内容">
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {result.benefit ?? "—"}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label="持券人">{holderText(result.holderName)}</Descriptions.Item>
                  <Descriptions.Item label="有效期至">{result.expiresAt ? formatDateTime(result.expiresAt) : "—"}</Descriptions.Item>
                  <Descriptions.Item label="状态">{result.status ? CLAIM_STATUS_LABELS[result.status] : "—"}</Descriptions.Item>
                  {result.redeemedAt && <Descriptions.Item label="核销时间">{formatDateTime(result.redeemedAt)}</Descriptions.Item>}
                </Descriptions>
              )}
            </div>
          ) : offline && offline.state !== "unavailable" && busy === null ? (
            // No answer from the server (yet): the offline signature check is all there is.
            <div
              data-testid="counter-offline-verdict"
              style={{
                border: `2px solid ${offline.state === "invalid" ? token.colorError : token.colorWarning}`,
                background: offline.state === "invalid" ? token.colorErrorBg : token.colorWarningBg,
                borderRadius: token.borderRadiusLG,
                padding: 24,
              }}
            >
              <div style={{ fontSize: 32, fontWeight: 700, color: offline.state === "invalid" ? token.colorErrorText : token.colorWarningText }}>
                {offline.state === "invalid" ? "疑似伪造" : "签名有效"}
              </div>
              <div style={{ fontSize: 16, marginTop: 8 }}>
                {offline.state === "invalid"
                  ? "二维码签名与平台公钥不符，请勿核销。"
                  : offline.expired
                    ? "二维码已过期，请让对方刷新后再扫。"
                    : "离线校验通过；点击“查验”联网确认券的状态后再核销。"}
              </div>
            </div>
          ) : (
            <div
              style={{
                border: `2px dashed ${token.colorBorder}`,
                borderRadius: token.borderRadiusLG,
                padding: 48,
                textAlign: "center",
                color: token.colorTextSecondary,
              }}
            >
              请输入券码或扫描二维码，然后点击“查验”
            </div>
          )}
        </Col>
      </Row>
      <QrScannerModal open={scanning} onClose={() => setScanning(false)} onResult={onScanned} />
    </Card>
  );
}

function OfflineResult({ check }: { check: TOfflineCheck }) {
  const text =
    check.state === "valid"
      ? `签名有效（离线校验）${check.expired ? "，但二维码已过期，请让对方刷新" : ""}`
      : check.state === "invalid"
        ? `签名无效：疑似伪造（${check.reason}）`
        : `无法离线校验：${check.reason}`;
  const type = check.state === "valid" ? (check.expired ? "warning" : "success") : check.state === "invalid" ? "error" : "info";
  return <Alert type={type} showIcon title={<span data-testid="counter-offline-result" data-state={check.state}>{text}</span>} />;
}
