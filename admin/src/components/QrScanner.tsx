import { useEffect, useRef, useState } from "react";
import { Alert, Modal, Typography } from "antd";

/**
 * Whether this browser can offer camera scanning at all: getUserMedia (secure contexts
 * only) and at least one camera. Resolves false rather than throwing.
 */
export async function cameraAvailable(): Promise<boolean> {
  try {
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia || !navigator.mediaDevices.enumerateDevices) return false;
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((d) => d.kind === "videoinput");
  } catch {
    return false;
  }
}

/**
 * A camera preview that decodes QR codes (@zxing/browser, loaded on first use) and hands
 * the first one read to `onResult`, then closes.
 */
export function QrScannerModal({ open, onClose, onResult }: { open: boolean; onClose: () => void; onResult: (text: string) => void }) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => {
    if (!open) return;
    setError(null);
    let stopped = false;
    let stop: (() => void) | null = null;
    const start = async () => {
      // The modal renders its body after opening: wait for the video element.
      for (let i = 0; i < 20 && !videoRef.current; i += 1) await new Promise((r) => window.setTimeout(r, 50));
      const video = videoRef.current;
      if (!video || stopped) return;
      try {
        const { BrowserQRCodeReader } = await import("@zxing/browser");
        if (stopped) return;
        const reader = new BrowserQRCodeReader();
        const controls = await reader.decodeFromConstraints({ video: { facingMode: "environment" } }, video, (result, _err, ctl) => {
          if (!result || stopped) return;
          stopped = true;
          ctl.stop();
          onResultRef.current(result.getText());
        });
        if (stopped) controls.stop();
        else stop = () => controls.stop();
      } catch (err) {
        if (stopped) return;
        const name = err instanceof Error ? err.name : "";
        setError(
          name === "NotAllowedError"
            ? "未获得摄像头权限，请在浏览器设置中允许使用摄像头，或手动输入券码"
            : "无法打开摄像头，请手动输入券码",
        );
      }
    };
    void start();
    return () => {
      stopped = true;
      stop?.();
    };
  }, [open]);

  return (
    <Modal open={open} title="扫描权益券二维码" footer={null} onCancel={onClose} destroyOnHidden width={520}>
      {error ? (
        <Alert type="warning" showIcon title={error} />
      ) : (
        <>
          <video
            ref={videoRef}
            data-testid="counter-scan-video"
            muted
            playsInline
            style={{ width: "100%", borderRadius: 8, background: "#000", aspectRatio: "4 / 3", objectFit: "cover" }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            请将用户出示的二维码对准摄像头，识别后自动查验。
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
