import { useEffect, useState } from "react";
import { Alert, Button, Spin, Typography } from "antd";
import { errorMessage } from "../api/client";
import { fetchMandateLetter, type TLetterKind } from "../api/identity";

/** The uploaded authorization letter, inline: a PDF in the browser's viewer, an image as is. */
export function MandateLetterView({ mandateId }: { mandateId: string }) {
  const [letter, setLetter] = useState<{ url: string; kind: TLetterKind | undefined; fileName: string | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let url: string | undefined;
    let cancelled = false;
    setLetter(null);
    setError(null);
    fetchMandateLetter(mandateId)
      .then(({ blob, kind, fileName }) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setLetter({ url, kind, fileName });
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(errorMessage(err));
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [mandateId]);

  if (error) return <Alert type="error" showIcon title={`授权书加载失败：${error}`} />;
  if (!letter) return <Spin />;
  return (
    <div data-testid="mandate-letter">
      {letter.kind === "image" && (
        <img src={letter.url} alt="授权书" data-testid="mandate-letter-image" style={{ maxWidth: "100%", border: "1px solid #f0f0f0", borderRadius: 6 }} />
      )}
      {letter.kind === "pdf" && (
        <object data={letter.url} type="application/pdf" data-testid="mandate-letter-pdf" style={{ width: "100%", height: 520, border: "1px solid #f0f0f0" }}>
          <Typography.Text type="secondary">浏览器无法直接显示 PDF，请下载后查看。</Typography.Text>
        </object>
      )}
      {letter.kind === undefined && <Alert type="warning" showIcon title="文件不是可预览的 PDF 或图片，请下载后查看" />}
      <div style={{ marginTop: 8 }}>
        <Button size="small" href={letter.url} download={letter.fileName ?? "授权书"}>
          下载授权书
        </Button>
      </div>
    </div>
  );
}
