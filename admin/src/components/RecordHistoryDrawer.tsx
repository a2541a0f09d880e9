import { useEffect, useState } from "react";
import { Alert, Drawer, Empty, Spin, Tag, Timeline, Typography } from "antd";
import type { TCreditRecord } from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { recordHistory, type TRecordEvent } from "../api/credit";
import { RECORD_STATUS_COLORS, recordKindLabel, recordStatusLabel } from "../lib/credit";
import { formatDateTime } from "../lib/format";

/** 历史: every status change of a record, newest first, with who, when and why. */
export function RecordHistoryDrawer({ record, onClose }: { record: TCreditRecord | undefined; onClose: () => void }) {
  const [events, setEvents] = useState<TRecordEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;

  useEffect(() => {
    if (!recordId) return;
    let cancelled = false;
    setEvents(null);
    setError(null);
    recordHistory(recordId)
      .then((items) => {
        if (!cancelled) setEvents([...items].sort((a, b) => b.version - a.version));
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(errorMessage(err));
      });
    return () => {
      cancelled = true;
    };
    // Reload when the record changes version (a status change while the drawer is open).
  }, [recordId, record?.version]);

  return (
    <Drawer
      title={record ? `记录历史 · ${recordKindLabel(record.kind)}` : "记录历史"}
      open={record !== undefined}
      onClose={onClose}
      size={520}
    >
      <div data-testid="record-history">
        {record && (
          <Typography.Paragraph type="secondary">
            {record.title}（{record.sourceDept} {record.docNo}）
          </Typography.Paragraph>
        )}
        {error && <Alert type="error" showIcon title={error} />}
        {!error && events === null && <Spin />}
        {events !== null && events.length === 0 && <Empty description="暂无变更记录" />}
        {events !== null && events.length > 0 && (
          <Timeline
            items={events.map((e) => ({
              key: e.version,
              color: RECORD_STATUS_COLORS[e.status] === "default" ? "gray" : RECORD_STATUS_COLORS[e.status],
              title: formatDateTime(e.at),
              content: (
                <div data-testid={`record-history-v${e.version}`}>
                  <div>
                    <Tag color={RECORD_STATUS_COLORS[e.status]}>{recordStatusLabel(e.status)}</Tag>
                    <Typography.Text type="secondary">版本 {e.version} · {e.actorName}</Typography.Text>
                  </div>
                  <Typography.Paragraph style={{ marginTop: 4, marginBottom: 0, whiteSpace: "pre-wrap" }}>{e.reason}</Typography.Paragraph>
                </div>
              ),
            }))}
          />
        )}
      </div>
    </Drawer>
  );
}
