import { useEffect, useState } from "react";
import { App, Button, Empty, Image, List, Space, Tag, Typography } from "antd";
import type { TAttachment } from "@xinyi/shared";
import { errorMessage } from "../../../api/client";
import { fetchAttachment } from "../../../api/credit-rights";
import { saveBlob } from "../../../lib/credit";
import { formatBytes } from "../../../lib/credit-rights";
import { formatBeijing } from "../../../lib/loans";

const TYPE_LABELS: Record<TAttachment["contentType"], string> = { "application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG" };

/**
 * A case's files (evidence, proofs, a department's letter). They are fetched with the access
 * token, never linked: only the case's administrators and its subject may read them. Images show
 * as thumbnails that open large; a PDF opens in a new tab.
 */
export function CaseFiles({ files, testId, empty = "未上传材料" }: { files: readonly TAttachment[]; testId: string; empty?: string }) {
  if (files.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={[...files]}
      renderItem={(file) => <CaseFile file={file} />}
    />
  );
}

function CaseFile({ file }: { file: TAttachment }) {
  const { message } = App.useApp();
  const image = file.contentType !== "application/pdf";
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Thumbnails load with the page: an administrator judges a photo at a glance.
  useEffect(() => {
    if (!image) return;
    let alive = true;
    let made: string | null = null;
    fetchAttachment(file)
      .then((blob) => {
        if (!alive) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file, image]);

  const open = async (download: boolean) => {
    setBusy(true);
    try {
      const blob = await fetchAttachment(file);
      if (download) saveBlob(blob, file.fileName);
      else {
        const objectUrl = URL.createObjectURL(blob);
        window.open(objectUrl, "_blank", "noopener");
        window.setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
      }
    } catch (err) {
      message.error(`无法打开附件：${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List.Item
      data-testid={`case-file-${file.id}`}
      actions={[
        ...(image
          ? []
          : [
              <Button key="open" size="small" type="link" loading={busy} onClick={() => void open(false)} data-testid={`case-file-open-${file.id}`}>
                查看
              </Button>,
            ]),
        <Button key="save" size="small" type="link" disabled={busy} onClick={() => void open(true)} data-testid={`case-file-save-${file.id}`}>
          下载
        </Button>,
      ]}
    >
      <Space align="center" size="middle">
        {image ? (
          url ? (
            <Image src={url} width={64} height={64} style={{ objectFit: "cover", borderRadius: 4 }} alt={file.fileName} data-testid={`case-file-thumb-${file.id}`} />
          ) : (
            <div style={{ width: 64, height: 64, borderRadius: 4, background: "#f5f5f5" }} />
          )
        ) : (
          <div style={{ width: 64, height: 64, borderRadius: 4, background: "#fff1f0", color: "#cf1322", display: "flex", alignItems: "center", justifyContent: "center", fontWeight: 600 }}>
            PDF
          </div>
        )}
        <div>
          <Typography.Text strong>{file.fileName}</Typography.Text>
          <div>
            <Tag>{TYPE_LABELS[file.contentType]}</Tag>
            <Typography.Text type="secondary">
              {formatBytes(file.size)} · {formatBeijing(file.at)} 上传
            </Typography.Text>
          </div>
        </div>
      </Space>
    </List.Item>
  );
}
