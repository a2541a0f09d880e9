import { useEffect, useState, type ReactNode } from "react";
import { Alert, Card, Empty, Space, Spin, Tag, Timeline, Typography } from "antd";
import { ROLES, ROLE_LABELS, SCENARIO_STATUSES, SCENARIO_STATUS_LABELS, type TRole, type TScenarioEvent, type TScenarioStatus } from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { formatDateTime } from "../lib/format";

function statusLabel(status: string | undefined): string {
  return status && (SCENARIO_STATUSES as readonly string[]).includes(status) ? SCENARIO_STATUS_LABELS[status as TScenarioStatus] : (status ?? "");
}

function roleLabel(role: string): string {
  return (ROLES as readonly string[]).includes(role) ? ROLE_LABELS[role as TRole] : role;
}

const EVENT_KIND_LABELS: Record<TScenarioEvent["kind"], string> = { create: "创建", edit: "修改", transition: "状态变更" };

/**
 * 变更历史 of anything that follows the review workflow (scenarios, loan products): every
 * version and transition, newest first, with who acted and the reason of a rejection.
 */
export function WorkflowHistory({
  fetch,
  reloadKey,
  testId,
  footer,
  formatTime = formatDateTime,
  partnerLabel,
}: {
  /** Stable (a useCallback): re-run whenever it or `reloadKey` changes. */
  fetch: () => Promise<TScenarioEvent[]>;
  reloadKey: number;
  testId: string;
  footer?: ReactNode;
  formatTime?: (iso: string) => string;
  /** Who a partner's operator acts for (a loan product's bank), instead of the bare role. */
  partnerLabel?: string;
}) {
  const [events, setEvents] = useState<TScenarioEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    fetch()
      .then((items) => {
        if (!alive) return;
        setEvents(items);
        setError(null);
      })
      .catch((err: unknown) => alive && setError(errorMessage(err)));
    return () => {
      alive = false;
    };
  }, [fetch, reloadKey]);

  return (
    <Card title="变更历史">
      {error && <Alert type="error" showIcon title={error} />}
      {!error && events === null && <Spin />}
      {events && events.length === 0 && <Empty description="暂无记录" />}
      {events && events.length > 0 && (
        <Timeline
          data-testid={testId}
          items={[...events]
            .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.version - a.version)
            .map((e) => ({
              key: `${e.version}-${e.at}-${e.kind}`,
              color: e.to === "rejected" ? "red" : e.to === "published" ? "green" : "gray",
              content: (
                <div>
                  <Space wrap>
                    <Typography.Text strong>{EVENT_KIND_LABELS[e.kind]}</Typography.Text>
                    {e.from && e.from !== e.to ? (
                      <span>
                        {statusLabel(e.from)} → {statusLabel(e.to)}
                      </span>
                    ) : (
                      <span>{statusLabel(e.to)}</span>
                    )}
                    <Tag>第 {e.version} 版</Tag>
                  </Space>
                  <div>
                    <Typography.Text type="secondary">
                      {formatTime(e.at)} · {partnerLabel && e.actorRole === "partner_operator" ? partnerLabel : roleLabel(e.actorRole)}
                    </Typography.Text>
                  </div>
                  {e.reason && <div>原因：{e.reason}</div>}
                </div>
              ),
            }))}
        />
      )}
      {footer && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {footer}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
